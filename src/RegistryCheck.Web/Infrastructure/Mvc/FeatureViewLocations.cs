using Microsoft.AspNetCore.Mvc.Razor;

namespace RegistryCheck.Web.Infrastructure.Mvc;

/// <summary>Views live beside their controller and handlers in Features/&lt;Feature&gt;/.</summary>
public sealed class FeatureViewLocations : IViewLocationExpander
{
    public void PopulateValues(ViewLocationExpanderContext context)
    {
    }

    public IEnumerable<string> ExpandViewLocations(ViewLocationExpanderContext context, IEnumerable<string> viewLocations) =>
        ["/Features/{1}/{0}.cshtml", "/Features/Shared/{0}.cshtml"];
}
