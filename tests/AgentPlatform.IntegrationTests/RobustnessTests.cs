using System.Text;
using System.Text.Json;
using AgentPlatform.Modules.Users.Contracts;
using Mediator;

namespace AgentPlatform.IntegrationTests;

public sealed class RobustnessTests(PlatformFixture platform)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Bodies =
    [
        "", "null", "{}", "[]", "\"text\"", "12", "{\"a\":", "{\"username\":{\"nested\":true}}", "{\"value\":[1,2],\"valueType\":7}",
        "{\"role\":\"\\u0000\"}", "{\"nickname\":\"" + new string('é', 3000) + "\"}", "{\"expiresAt\":\"not a date\",\"scopes\":\"read\"}",
        "{\"page\":-1}", "{\"refreshToken\":12345}", "{\"login\":null,\"password\":null}",
    ];

    /// <summary>Every documented operation, called by an admin and by nobody, with hostile bodies and ids: never a 500.</summary>
    [Fact]
    public async Task No_request_makes_the_server_answer_500()
    {
        var admin = await platform.AdminAsync();
        var anonymous = platform.CreateClient();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Ct));
        var failures = new List<string>();
        var calls = 0;

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                // Logging out would end the admin's session and turn every later call into a cheap 401.
                if (path.Name.EndsWith("/logout", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var concrete in Concretize(path.Name))
                {
                    foreach (var body in Bodies)
                    {
                        foreach (var client in new[] { admin.Client, anonymous })
                        {
                            using var request = new HttpRequestMessage(method, concrete + "?page=x&pageSize=-5&from=yesterday&status=%00");
                            if (method != HttpMethod.Get && method != HttpMethod.Delete)
                            {
                                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
                            }

                            var response = await client.SendAsync(request, Ct);
                            calls++;
                            if ((int)response.StatusCode >= 500)
                            {
                                failures.Add($"{method} {concrete} body={Truncate(body)} -> {(int)response.StatusCode}: {Truncate(await response.Content.ReadAsStringAsync(Ct))}");
                            }
                        }
                    }
                }
            }
        }

        calls.ShouldBeGreaterThan(500);
        (await admin.Client.GetAsync("/api/v1/users/me", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK, "the admin stayed signed in, so the calls reached the handlers");
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures.Take(20)));
    }

    [Fact]
    public async Task Other_modules_read_users_through_the_contract_query()
    {
        var user = await platform.RegisterAsync("contract");
        await using var scope = platform.Services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();

        var summary = await sender.Send(new GetUserSummary(user.Id), Ct);
        summary.ShouldNotBeNull();
        (summary.Username, summary.Role, summary.IsActive).ShouldBe((user.Username, "user", true));
        (await sender.Send(new GetUserSummary(Guid.NewGuid()), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Other_modules_write_to_the_audit_log_through_the_contract_command()
    {
        var admin = await platform.AdminAsync();
        var target = Guid.NewGuid().ToString();
        await platform.Scoped(async sp =>
        {
            var sender = sp.GetRequiredService<ISender>();
            await sender.Send(new RecordAuditEntry(admin.Id, "billing.adjustment", "account", target, """{"amount":"12.50","reason":"goodwill"}""", "198.51.100.4"), Ct);
            var invalid = await Should.ThrowAsync<AgentPlatform.BuildingBlocks.Domain.DomainException>(async () =>
                await sender.Send(new RecordAuditEntry(null, "Not An Action", null, null, "[1]", null), Ct));
            invalid.Errors!.Keys.ShouldBe(["action", "payload"], ignoreOrder: true);
            return 0;
        });

        var page = await admin.Client.GetOk<PageDto<AuditDto>>($"/api/v1/admin/audit-logs?action=billing.adjustment&targetId={target}");
        var entry = page.Items.ShouldHaveSingleItem();
        (entry.ActorUserId, entry.TargetType).ShouldBe((admin.Id, "account"));
        entry.Payload!.Value.GetProperty("reason").GetString().ShouldBe("goodwill");
    }

    [Fact]
    public async Task Secret_reencryption_is_an_admin_operation()
    {
        var admin = await platform.AdminAsync();
        var user = await platform.RegisterAsync("reenc");
        (await user.Client.PostAsync("/api/v1/admin/security/reencrypt", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var response = await admin.Client.PostAsync("/api/v1/admin/security/reencrypt", null, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("total").GetInt32().ShouldBe(0);
    }

    private static IEnumerable<string> Concretize(string template)
    {
        if (!template.Contains('{', StringComparison.Ordinal))
        {
            yield return template;
            yield break;
        }

        foreach (var value in new[] { Guid.NewGuid().ToString(), "not-a-guid", "%20", new string('k', 300) })
        {
            yield return System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", value);
        }
    }

    private static string Truncate(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
