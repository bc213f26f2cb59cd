using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace RegistryCheck.Web.Infrastructure.Mvc;

/// <summary>
/// Photos and evidence: personal data, so never cached by the browser or a proxy, served with the type found in
/// the content, and PDFs as attachments so they do not render inside the portal's origin.
/// </summary>
public static class PrivateFile
{
    public static IActionResult Serve(ControllerBase controller, StoredFile file)
    {
        var headers = controller.Response.Headers;
        headers.CacheControl = "no-store, private";
        headers.Pragma = "no-cache";
        var result = new FileContentResult(file.Content, file.ContentType);
        if (file.ContentType == "application/pdf")
        {
            result.FileDownloadName = file.FileName;
        }
        else
        {
            headers[HeaderNames.ContentDisposition] = "inline";
        }

        return result;
    }
}
