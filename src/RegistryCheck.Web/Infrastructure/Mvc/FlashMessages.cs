using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace RegistryCheck.Web.Infrastructure.Mvc;

/// <summary>The one-shot message above the next page (shown by Features/Shared/_Layout.cshtml), kept in TempData.</summary>
public static class FlashMessages
{
    public const string DoneKey = "Flash";
    public const string ErrorKey = "FlashError";

    public static void Flash(this ITempDataDictionary tempData, string message, bool isError = false)
    {
        ArgumentNullException.ThrowIfNull(tempData);
        tempData[isError ? ErrorKey : DoneKey] = message;
    }
}
