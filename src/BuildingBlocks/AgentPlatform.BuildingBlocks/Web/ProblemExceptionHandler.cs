using System.Text.Json;
using AgentPlatform.BuildingBlocks.Domain;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AgentPlatform.BuildingBlocks.Web;

/// <summary>
/// The one place where failures become RFC 9457 problem details. Domain errors and validation map to
/// their status; anything unexpected is a 500 with a trace id and nothing of the exception's text.
/// </summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is listening for an answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var problem = ToProblem(exception, httpContext);
        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    internal static ProblemDetails ToProblem(Exception exception, HttpContext httpContext)
    {
        switch (exception)
        {
            case DomainException domain:
                var status = StatusOf(domain.Kind);
                if (domain.RetryAfter is { } retryAfter)
                {
                    httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                if (domain.Errors is not null)
                {
                    return new HttpValidationProblemDetails(domain.Errors.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal))
                    {
                        Status = status,
                        Title = "One or more validation errors occurred.",
                        Detail = domain.Message,
                        Extensions = { ["code"] = domain.Code },
                    };
                }

                return new ProblemDetails { Status = status, Title = TitleOf(status), Detail = domain.Message, Extensions = { ["code"] = domain.Code } };

            case BadHttpRequestException bad:
                return new ProblemDetails { Status = bad.StatusCode, Title = TitleOf(bad.StatusCode), Detail = DescribeBadRequest(bad) };

            case JsonException json:
                return new ProblemDetails { Status = 400, Title = TitleOf(400), Detail = DescribeJson(json) };

            case DbUpdateConcurrencyException:
                return new ProblemDetails { Status = 409, Title = TitleOf(409), Detail = "The object was changed by someone else; reload it and try again.", Extensions = { ["code"] = "concurrency_conflict" } };

            case DbUpdateException { InnerException: PostgresException pg } when pg.SqlState == PostgresErrorCodes.UniqueViolation:
                return new ProblemDetails { Status = 409, Title = TitleOf(409), Detail = "An object with the same unique value already exists.", Extensions = { ["code"] = "duplicate", ["constraint"] = pg.ConstraintName } };

            case DbUpdateException { InnerException: PostgresException pg } when pg.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected:
                return new ProblemDetails { Status = 409, Title = TitleOf(409), Detail = "A concurrent change got in the way; try again.", Extensions = { ["code"] = "concurrency_conflict" } };

            default:
                return new ProblemDetails { Status = 500, Title = TitleOf(500), Detail = "An unexpected error occurred. Quote the trace id when reporting it." };
        }
    }

    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.PaymentRequired => StatusCodes.Status402PaymentRequired,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.BadGateway => StatusCodes.Status502BadGateway,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static string TitleOf(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Payload Too Large",
        415 => "Unsupported Media Type",
        429 => "Too Many Requests",
        502 => "Bad Gateway",
        _ => "Internal Server Error",
    };

    private static string DescribeBadRequest(BadHttpRequestException bad)
    {
        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return "The request body is larger than the server accepts.";
        }

        for (Exception? inner = bad.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return DescribeJson(json);
            }
        }

        // Messages of BadHttpRequestException name the parameter and what was wrong with it, never server internals.
        return bad.Message;
    }

    private static string DescribeJson(JsonException json)
    {
        return json.Path is null or "" or "$"
            ? "The request body is not valid JSON or does not have the expected shape."
            : $"The value at '{json.Path.TrimStart('$', '.')}' is not valid for its field (wrong type or unknown value).";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
