using Serilog;
using Serilog.Events;

namespace RegistryCheck.Web.Infrastructure.Logging;

public static class LoggingSetup
{
    /// <summary>
    /// Console and a daily rolling file under the data folder. Request logging writes path and status only:
    /// query strings can carry a student number typed into a search box, so they are left out.
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
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(Path.Combine(LogFolder(services.GetRequiredService<IConfiguration>(), contentRoot), "registrycheck-.log"), rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 30, formatProvider: System.Globalization.CultureInfo.InvariantCulture));
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
