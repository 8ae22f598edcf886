using AgentPlatform.BuildingBlocks.Application;
using AgentPlatform.BuildingBlocks.Domain;
using FluentValidation;
using Mediator;

namespace AgentPlatform.UnitTests.BuildingBlocks;

public sealed class ValidationBehaviorTests
{
    [Fact]
    public async Task Failures_of_all_validators_are_reported_together_with_camelCase_paths_and_the_handler_does_not_run()
    {
        var behavior = new ValidationBehavior<Ping, string>([new NameValidator(), new AddressValidator()]);
        var calls = 0;

        var error = await Should.ThrowAsync<DomainException>(async () =>
            await behavior.Handle(new Ping("", new Address("")), (_, _) => { calls++; return ValueTask.FromResult("pong"); }, CancellationToken.None));

        error.Kind.ShouldBe(ErrorKind.Validation);
        var errors = error.Errors.ShouldNotBeNull();
        errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["address.street", "name"]);
        errors["name"].ShouldBe(["Name is required."]);
        errors["address.street"].ShouldBe(["Street is required."]);
        calls.ShouldBe(0);
    }

    [Fact]
    public async Task Two_failures_on_the_same_field_are_both_listed_under_it()
    {
        var behavior = new ValidationBehavior<Ping, string>([new NameValidator(), new NameLengthValidator()]);

        var error = await Should.ThrowAsync<DomainException>(async () =>
            await behavior.Handle(new Ping("", new Address("Main St")), (_, _) => ValueTask.FromResult("pong"), CancellationToken.None));

        error.Errors.ShouldNotBeNull()["name"].ShouldBe(["Name is required.", "Name needs 3 characters."], ignoreOrder: true);
    }

    [Fact]
    public async Task A_valid_message_goes_to_the_next_step_once()
    {
        var behavior = new ValidationBehavior<Ping, string>([new NameValidator(), new AddressValidator()]);
        var calls = 0;
        var ping = new Ping("ping", new Address("Main St"));
        Ping? received = null;

        var response = await behavior.Handle(ping, (message, _) => { calls++; received = message; return ValueTask.FromResult("pong"); }, CancellationToken.None);

        response.ShouldBe("pong");
        calls.ShouldBe(1);
        received.ShouldBeSameAs(ping);
    }

    [Fact]
    public async Task Without_validators_the_message_goes_to_the_next_step()
    {
        var behavior = new ValidationBehavior<Ping, string>([]);

        (await behavior.Handle(new Ping("", new Address("")), (_, _) => ValueTask.FromResult("pong"), CancellationToken.None)).ShouldBe("pong");
    }

    [Fact]
    public async Task A_validator_with_asynchronous_rules_still_runs_them_every_time()
    {
        var checks = 0;
        var behavior = new ValidationBehavior<Ping, string>([new NameValidator(), new TakenNameValidator(() => checks++)]);

        // The first call finds out that the validator needs the asynchronous path; later calls go there directly.
        for (var round = 0; round < 3; round++)
        {
            var error = await Should.ThrowAsync<DomainException>(async () =>
                await behavior.Handle(new Ping("taken", new Address("Main St")), (_, _) => ValueTask.FromResult("pong"), CancellationToken.None));
            error.Errors.ShouldNotBeNull()["name"].ShouldBe(["That name is taken."]);

            (await behavior.Handle(new Ping("free", new Address("Main St")), (_, _) => ValueTask.FromResult("pong"), CancellationToken.None)).ShouldBe("pong");
        }

        checks.ShouldBe(6);
    }

    public sealed record Address(string Street);

    public sealed record Ping(string Name, Address Address) : IRequest<string>;

    private sealed class NameValidator : AbstractValidator<Ping>
    {
        public NameValidator() => RuleFor(x => x.Name).NotEmpty().WithMessage("Name is required.");
    }

    private sealed class NameLengthValidator : AbstractValidator<Ping>
    {
        public NameLengthValidator() => RuleFor(x => x.Name).MinimumLength(3).WithMessage("Name needs 3 characters.");
    }

    private sealed class TakenNameValidator : AbstractValidator<Ping>
    {
        public TakenNameValidator(Action checkedOnce) => RuleFor(x => x.Name).MustAsync(async (name, ct) =>
        {
            await Task.Yield();
            checkedOnce();
            return name != "taken";
        }).WithMessage("That name is taken.");
    }

    private sealed class AddressValidator : AbstractValidator<Ping>
    {
        public AddressValidator() => RuleFor(x => x.Address.Street).NotEmpty().WithMessage("Street is required.");
    }
}
