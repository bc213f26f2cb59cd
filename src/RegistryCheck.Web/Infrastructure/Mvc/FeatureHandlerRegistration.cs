using System.Reflection;

namespace RegistryCheck.Web.Infrastructure.Mvc;

public static class FeatureHandlerRegistration
{
    /// <summary>
    /// Registers every concrete class under Features whose name ends in "Handler" as scoped, so a new use case
    /// is one file and needs no line in Program.cs.
    /// </summary>
    public static IServiceCollection AddFeatureHandlers(this IServiceCollection services)
    {
        var handlers = Assembly.GetExecutingAssembly().GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false }
                && t.Namespace?.StartsWith("RegistryCheck.Web.Features", StringComparison.Ordinal) == true
                && t.Name.EndsWith("Handler", StringComparison.Ordinal));
        foreach (var handler in handlers)
        {
            services.AddScoped(handler);
        }

        return services;
    }
}
