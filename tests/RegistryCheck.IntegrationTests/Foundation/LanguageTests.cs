using System.Net;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Foundation;

public class LanguageTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Chinese_is_the_default_and_the_switch_keeps_English_in_a_cookie()
    {
        using var client = factory.NewClient();
        var (_, zh) = await client.GetPageAsync("/account/sign-in");
        Assert.Equal("学生登录", zh.QuerySelector("h1")!.TextContent);
        Assert.Equal("zh-CN", zh.DocumentElement.GetAttribute("lang"));

        var switched = await client.PostFormAsync("/account/language", [new("culture", "en"), new("returnUrl", "/account/sign-in")], "/account/sign-in");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Contains(switched.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Culture=", StringComparison.Ordinal));

        var (_, en) = await client.GetPageAsync("/account/sign-in");
        Assert.Equal("Student sign-in", en.QuerySelector("h1")!.TextContent);
        Assert.Equal("en", en.DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Validation_messages_follow_the_language()
    {
        using var client = factory.NewClient();
        await client.PostFormAsync("/account/language", [new("culture", "en"), new("returnUrl", "/")], "/account/sign-in");
        var response = await client.PostFormAsync("/account/sign-in", [new("StudentNumber", ""), new("Password", "")], "/account/sign-in");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Please enter your Student number", html);
    }

    [Fact]
    public async Task An_unknown_culture_falls_back_to_Chinese()
    {
        using var client = factory.NewClient();
        await client.PostFormAsync("/account/language", [new("culture", "fr"), new("returnUrl", "https://evil.example/")], "/account/sign-in");
        var (_, page) = await client.GetPageAsync("/account/sign-in");
        Assert.Equal("学生登录", page.QuerySelector("h1")!.TextContent);
    }
}
