using AgentPlatform.BuildingBlocks.Domain;
using AgentPlatform.BuildingBlocks.Web;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AgentPlatform.UnitTests.BuildingBlocks;

public sealed class ProblemExceptionHandlerTests
{
    [Theory]
    [InlineData(ErrorKind.Validation, 400)]
    [InlineData(ErrorKind.Unauthorized, 401)]
    [InlineData(ErrorKind.PaymentRequired, 402)]
    [InlineData(ErrorKind.Forbidden, 403)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.Conflict, 409)]
    [InlineData(ErrorKind.PayloadTooLarge, 413)]
    [InlineData(ErrorKind.TooManyRequests, 429)]
    public void Each_error_kind_maps_to_its_status(ErrorKind kind, int status)
    {
        var problem = ProblemExceptionHandler.ToProblem(new DomainException(kind, "some.code", "What went wrong."), new DefaultHttpContext());

        problem.Status.ShouldBe(status);
        problem.Detail.ShouldBe("What went wrong.");
        problem.Extensions["code"].ShouldBe("some.code");
        problem.ShouldNotBeOfType<HttpValidationProblemDetails>();
    }

    [Fact]
    public void Every_error_kind_has_a_status_of_its_own_and_only_an_upstream_failure_is_5xx()
    {
        // 500 stays reserved for our own bugs; a model provider that fails is a 502, not a 500.
        Enum.GetValues<ErrorKind>().Where(k => k != ErrorKind.BadGateway).Select(ProblemExceptionHandler.StatusOf).ShouldAllBe(s => s >= 400 && s < 500);
        ProblemExceptionHandler.StatusOf(ErrorKind.BadGateway).ShouldBe(502);
        Enum.GetValues<ErrorKind>().Select(ProblemExceptionHandler.StatusOf).ShouldBeUnique();
    }

    [Fact]
    public void A_validation_error_carries_its_field_errors()
    {
        var exception = new DomainException(ErrorKind.Validation, "validation", "One or more fields are invalid.")
        {
            Errors = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["email"] = ["The email is not valid."],
                ["address.street"] = ["Street is required.", "Street is too long."],
            },
        };

        var problem = ProblemExceptionHandler.ToProblem(exception, new DefaultHttpContext()).ShouldBeOfType<HttpValidationProblemDetails>();

        problem.Status.ShouldBe(400);
        problem.Errors.Keys.Order(StringComparer.Ordinal).ShouldBe(["address.street", "email"]);
        problem.Errors["email"].ShouldBe(["The email is not valid."]);
        problem.Errors["address.street"].ShouldBe(["Street is required.", "Street is too long."]);
        problem.Extensions["code"].ShouldBe("validation");
    }

    [Theory]
    [InlineData(2500, "3")]
    [InlineData(200, "1")]
    [InlineData(60000, "60")]
    public void Too_many_requests_sets_Retry_After_in_whole_seconds_rounded_up(int milliseconds, string header)
    {
        var context = new DefaultHttpContext();

        var problem = ProblemExceptionHandler.ToProblem(DomainException.TooManyRequests("Slow down.", TimeSpan.FromMilliseconds(milliseconds)), context);

        problem.Status.ShouldBe(429);
        context.Response.Headers.RetryAfter.ToString().ShouldBe(header);
    }

    [Fact]
    public void An_unexpected_exception_is_a_500_that_reveals_nothing_of_it()
    {
        var context = new DefaultHttpContext();

        var problem = ProblemExceptionHandler.ToProblem(new InvalidOperationException("secret detail"), context);

        problem.Status.ShouldBe(500);
        problem.Detail.ShouldNotBeNull().ShouldNotContain("secret detail");
        problem.Title.ShouldNotBeNull().ShouldNotContain("secret detail");
        problem.Extensions.Values.OfType<string>().ShouldNotContain(v => v.Contains("secret detail", StringComparison.Ordinal));
        context.Response.Headers.RetryAfter.Count.ShouldBe(0);
    }

    [Fact]
    public void A_unique_violation_is_a_409_duplicate()
    {
        var exception = new DbUpdateException("An error occurred while saving.", Postgres(PostgresErrorCodes.UniqueViolation));

        var problem = ProblemExceptionHandler.ToProblem(exception, new DefaultHttpContext());

        problem.Status.ShouldBe(409);
        problem.Extensions["code"].ShouldBe("duplicate");
    }

    [Theory]
    [InlineData(PostgresErrorCodes.SerializationFailure)]
    [InlineData(PostgresErrorCodes.DeadlockDetected)]
    public void A_serialization_failure_or_deadlock_is_a_409_to_retry(string sqlState)
    {
        var problem = ProblemExceptionHandler.ToProblem(new DbUpdateException("An error occurred while saving.", Postgres(sqlState)), new DefaultHttpContext());

        problem.Status.ShouldBe(409);
        problem.Extensions["code"].ShouldBe("concurrency_conflict");
    }

    [Fact]
    public void Another_database_error_is_a_500()
    {
        var exception = new DbUpdateException("An error occurred while saving.", Postgres(PostgresErrorCodes.ForeignKeyViolation));

        ProblemExceptionHandler.ToProblem(exception, new DefaultHttpContext()).Status.ShouldBe(500);
    }

    [Fact]
    public void A_concurrency_exception_is_a_409()
    {
        var problem = ProblemExceptionHandler.ToProblem(new DbUpdateConcurrencyException("The row changed."), new DefaultHttpContext());

        problem.Status.ShouldBe(409);
        problem.Extensions["code"].ShouldBe("concurrency_conflict");
    }

    private static PostgresException Postgres(string sqlState) => new("database said no", "ERROR", "ERROR", sqlState);
}
