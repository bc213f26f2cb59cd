using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace RegistryCheck.Web.Infrastructure.Localization;

public static class LocalizationSetup
{
    public const string DefaultCulture = "zh-CN";
    public static readonly string[] Cultures = [DefaultCulture, "en"];

    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.Configure<RequestLocalizationOptions>(o =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            o.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            o.SupportedCultures = cultures;
            o.SupportedUICultures = cultures;
            // Only the language switch's cookie decides: a phone set to English still gets Chinese by default,
            // as the notice's readers expect, and can switch.
            o.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>MVC's model-binding messages ("The value '' is invalid") in the user's language.</summary>
    public static void LocalizeModelBinding(MvcOptions options, IStringLocalizerFactory factory)
    {
        var l = factory.Create(typeof(SharedResource));
        var p = options.ModelBindingMessageProvider;
        p.SetValueIsInvalidAccessor(v => l["值“{0}”无效", v]);
        p.SetValueMustBeANumberAccessor(f => l["{0} 必须是数字", f]);
        p.SetMissingBindRequiredValueAccessor(f => l["请填写 {0}", f]);
        p.SetAttemptedValueIsInvalidAccessor((v, f) => l["“{0}”不是有效的 {1}", v, f]);
        p.SetMissingKeyOrValueAccessor(() => l["请填写此项"]);
        p.SetUnknownValueIsInvalidAccessor(f => l["{0} 的值无效", f]);
        p.SetValueMustNotBeNullAccessor(v => l["请填写此项"]);
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(v => l["“{0}”无效", v]);
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => l["输入的值无效"]);
        p.SetNonPropertyValueMustBeANumberAccessor(() => l["必须是数字"]);
        p.SetMissingRequestBodyRequiredValueAccessor(() => l["请求内容为空"]);
    }
}
