using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace RegistryCheck.IntegrationTests.Infrastructure;

/// <summary>A browser-like client: keeps cookies, reads pages as HTML, posts forms with their antiforgery token.</summary>
public sealed class PortalClient(HttpClient http) : IDisposable
{
    private static readonly HtmlParser Parser = new();

    public HttpClient Http { get; } = http;

    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        return (response, Parser.ParseDocument(html));
    }

    /// <summary>Follows redirects for GETs, like a browser after a form post.</summary>
    public async Task<(HttpResponseMessage Response, IHtmlDocument Page)> FollowAsync(HttpResponseMessage response)
    {
        var hops = 0;
        while (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther && hops++ < 5)
        {
            response = await Http.GetAsync(response.Headers.Location);
        }

        return (response, Parser.ParseDocument(await response.Content.ReadAsStringAsync()));
    }

    /// <summary>Takes the antiforgery token from a page that has a form, as a browser would.</summary>
    public async Task<string> TokenFromAsync(string pageUrl)
    {
        var (_, page) = await GetPageAsync(pageUrl);
        return Token(page);
    }

    public static string Token(IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
        ?? throw new InvalidOperationException("The page has no antiforgery token.");

    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string tokenPage)
    {
        var token = await TokenFromAsync(tokenPage);
        var all = fields.Append(new("__RequestVerificationToken", token));
        return await Http.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, params (string Key, string Value)[] fields) =>
        PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)), TokenPageFor(url));

    public async Task<HttpResponseMessage> PostMultipartAsync(string url, string tokenPage, IEnumerable<(string Key, string Value)> fields,
        IEnumerable<(string Key, string FileName, byte[] Content, string ContentType)> files)
    {
        var token = await TokenFromAsync(tokenPage);
        var content = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        foreach (var (k, v) in fields)
        {
            content.Add(new StringContent(v), k);
        }

        foreach (var (k, name, bytes, type) in files)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue(type);
            content.Add(file, k, name);
        }

        return await Http.PostAsync(url, content);
    }

    public async Task<HttpResponseMessage> SignInStudentAsync(string studentNumber, string password) =>
        await PostFormAsync("/account/sign-in", [new("StudentNumber", studentNumber), new("Password", password)], "/account/sign-in");

    public async Task<HttpResponseMessage> SignInStaffAsync(string userName, string password) =>
        await PostFormAsync("/account/staff-sign-in", [new("UserName", userName), new("Password", password)], "/account/staff-sign-in");

    /// <summary>Signs in with the initial password and sets an own one, as every student must first.</summary>
    public async Task SignInStudentWithOwnPasswordAsync(string studentNumber, string initialPassword, string ownPassword = "MyOwnPass2026")
    {
        var signIn = await SignInStudentAsync(studentNumber, initialPassword);
        if (signIn.Headers.Location?.OriginalString != "/account/password")
        {
            throw new InvalidOperationException($"Sign-in of {studentNumber} did not lead to the password form: {signIn.StatusCode} {signIn.Headers.Location}");
        }

        var set = await PostFormAsync("/account/password",
            [new("NewPassword", ownPassword), new("ConfirmPassword", ownPassword)], "/account/password");
        if (set.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Setting the password failed: {set.StatusCode}");
        }
    }

    /// <summary>The page whose form posts to this URL, for its antiforgery token: any page with a form works.</summary>
    private static string TokenPageFor(string url) => url.StartsWith("/me", StringComparison.Ordinal) ? "/me" : "/account/sign-in";

    public void Dispose() => Http.Dispose();
}
