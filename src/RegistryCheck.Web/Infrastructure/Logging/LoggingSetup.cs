using Serilog;
using Serilog.Events;

namespace RegistryCheck.Web.Infrastructure.Logging;

public static class LoggingSetup
{
    /// <summary>
    /// Console and a daily rolling file under the data folder. Request logging writes path and status only:
    /// query strings can carry a student number typed into a search box, so they are left out.
    /// Both sinks sit behind one background writer: a request hands its line over and goes on, instead of waiting
    /// for the console lock and two writes (a slow console reader, e.g. a container's log driver, would otherwise
    /// stall requests). The writer is flushed when the host stops.
    /// </summary>
    public static void UsePortalSerilog(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        // preserveStaticLogger: several hosts in one process (tests, tools) must not share one static logger.
        builder.Services.AddSerilog(preserveStaticLogger: true, configureLogger: (services, config) => config
            .ReadFrom.Configuration(services.GetRequiredService<IConfiguration>())
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.EntityFrameworkCore", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .WriteTo.Async(
                sinks =>
                {
                    sinks.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                    sinks.File(Path.Combine(LogFolder(services.GetRequiredService<IConfiguration>(), contentRoot), "registrycheck-.log"), rollingInterval: RollingInterval.Day,
                        retainedFileCountLimit: 30, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                },
                // Past 10,000 waiting lines, requests wait rather than lines being dropped: the log is evidence.
                blockWhenFull: true));
    }

    private static string LogFolder(IConfiguration configuration, string contentRoot) =>
        configuration["Logging:Folder"] is { Length: > 0 } folder
            ? folder
            : Path.Combine(contentRoot, configuration["Database:DataFolder"] ?? "App_Data", "logs");

    public static void UsePortalRequestLogging(this WebApplication app) =>
        app.UseSerilogRequestLogging(o =>
        {
            // The middleware writes to Serilog's static logger unless given one, and the static logger is left
            // silent here (preserveStaticLogger): without this line no request was ever logged.
            o.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            o.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";
            o.GetLevel = (ctx, _, ex) => ex is not null || ctx.Response.StatusCode >= 500
                ? LogEventLevel.Error
                : ctx.Request.Path.StartsWithSegments("/healthz") ? LogEventLevel.Verbose : LogEventLevel.Information;
        });
}
