namespace RegistryCheck.Web.Features.Notifications;

/// <summary>Labels (localization keys) of the languages a message text exists in.</summary>
public static class MessageTemplateLabels
{
    public static string Language(string culture) => culture == "en" ? "英文" : "中文";
}
