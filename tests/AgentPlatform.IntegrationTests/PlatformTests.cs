using System.Text;
using System.Text.Json;

namespace AgentPlatform.IntegrationTests;

public sealed class PlatformTests(PlatformFixture platform)
{
    [Fact]
    public async Task Health_endpoints_report_database_vector_migrations_and_scheduler()
    {
        var client = platform.CreateClient();
        (await client.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
        var body = await ready.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        using var json = JsonDocument.Parse(body);
        var checks = json.RootElement.GetProperty("checks");
        checks.GetProperty("database").GetProperty("description").GetString()!.ShouldContain("vector");
        checks.GetProperty("migrations").GetProperty("status").GetString().ShouldBe("healthy");
        checks.GetProperty("scheduler").GetProperty("status").GetString().ShouldBe("healthy");
    }

    [Fact]
    public async Task OpenApi_document_describes_every_endpoint_with_auth_and_problems()
    {
        var client = platform.CreateClient();
        var text = await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        root.GetProperty("openapi").GetString().ShouldStartWith("3.1");
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        schemes.TryGetProperty("bearer", out _).ShouldBeTrue();
        schemes.TryGetProperty("apiKey", out _).ShouldBeTrue();

        var paths = root.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/auth/register", "/api/v1/auth/login", "/api/v1/auth/refresh", "/api/v1/auth/logout", "/api/v1/users/me", "/api/v1/users/me/api-keys", "/api/v1/admin/users", "/api/v1/admin/system-configs/{key}", "/api/v1/admin/audit-logs", "/api/v1/system-configs/public" })
        {
            paths.TryGetProperty(path, out _).ShouldBeTrue($"{path} is missing from the OpenAPI document");
        }

        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operation.Value.TryGetProperty("operationId", out _).ShouldBeTrue($"{operation.Name} {path.Name} has no name");
                operation.Value.TryGetProperty("tags", out _).ShouldBeTrue($"{operation.Name} {path.Name} has no tag");
            }
        }

        var me = paths.GetProperty("/api/v1/users/me").GetProperty("get");
        me.GetProperty("security").GetArrayLength().ShouldBeGreaterThan(0);
        me.GetProperty("responses").TryGetProperty("401", out _).ShouldBeTrue();
        var register = paths.GetProperty("/api/v1/auth/register").GetProperty("post");
        register.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue();
    }

    [Fact]
    public async Task Scalar_reference_is_served()
    {
        var response = await platform.CreateClient().GetAsync("/scalar", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("openapi/v1.json");
    }

    [Fact]
    public async Task Unknown_route_is_a_404_problem_with_trace_id()
    {
        var response = await platform.CreateClient().GetAsync("/api/v1/nothing-here", TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<ProblemDto>(TestContext.Current.CancellationToken);
        problem!.Status.ShouldBe(404);
        problem.TraceId.ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task Oversized_body_is_a_413_problem()
    {
        var huge = new string('x', 11 * 1024 * 1024);
        using var content = new StringContent($$"""{"username":"{{huge}}"}""", Encoding.UTF8, "application/json");
        var response = await platform.CreateClient().PostAsync("/api/v1/auth/register", content, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.Content.ReadFromJsonAsync<ProblemDto>(TestContext.Current.CancellationToken))!.Status.ShouldBe(413);
    }

    [Fact]
    public async Task Module_models_have_no_pending_changes()
    {
        var contexts = platform.Services.GetServices<AgentPlatform.BuildingBlocks.Modules.ModuleDatabase>().Select(d => d.DbContextType)
            .Append(typeof(Program).Assembly.GetType("AgentPlatform.Host.Scheduling.SchedulerDbContext", throwOnError: true)!)
            .ToList();
        contexts.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var contextType in contexts)
        {
            using var scope = platform.Services.CreateScope();
            var db = (Microsoft.EntityFrameworkCore.DbContext)scope.ServiceProvider.GetRequiredService(contextType);
            Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.HasPendingModelChanges(db.Database)
                .ShouldBeFalse($"{contextType.Name} has model changes without a migration: run dotnet ef migrations add");
        }
    }
}
