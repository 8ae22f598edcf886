// The framework's floor: WebApplication.CreateBuilder (the same Kestrel defaults as the Host),
// one endpoint, no middleware. Listens where ASPNETCORE_URLS says; bench/run.sh sets logging to Warning.
var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();

app.MapGet("/ping", () => TypedResults.Ok(new Pong(Ok: true)));

await app.RunAsync();

/// <summary>The fixed response: <c>{ "ok": true }</c>.</summary>
internal sealed record Pong(bool Ok);
