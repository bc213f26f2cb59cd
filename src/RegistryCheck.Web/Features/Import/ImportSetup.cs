namespace RegistryCheck.Web.Features.Import;

public static class ImportSetup
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.Section);
        services.AddSingleton<ImportQueue>();
        services.AddSingleton<ImportProgress>();
        services.AddSingleton<ImportJobStore>();
        services.AddSingleton<ParsedRosters>();
        services.AddHostedService<ImportWorker>();
        return services;
    }
}
