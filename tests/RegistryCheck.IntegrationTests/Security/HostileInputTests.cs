using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

public class HostileInputTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public static TheoryData<string, string> Values => new()
    {
        { "script", "<script>alert('x')</script><img src=x onerror=alert(1)>" },
        { "formula", "=HYPERLINK(\"http://evil.example\",\"点我\")" },
        { "plus", "+1+cmd|' /C calc'!A0" },
        { "at", "@SUM(1+1)*cmd|' /C calc'!A0" },
        { "control", "正常\u0000文本\u0007\u001b[31m\t\r" },
        { "long", new string('长', 5000) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public async Task Hostile_form_values_are_stored_as_data_and_shown_escaped(string kind, string value)
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var response = await client.PostMultipartAsync("/me/report", "/me/report?field=PoliticalStatus",
            [("Field", "PoliticalStatus"), ("Kind", "Correction"), ("ProposedValue", "中共党员"), ("Reason", value)], []);
        var stored = await factory.WithDbAsync(db => db.Reports.Where(r => r.StudentId == student.Id).Select(r => r.Reason).SingleOrDefaultAsync());

        if (kind == "long")
        {
            // Over the 1,000-character limit: refused with a message, nothing stored.
            Assert.Contains("不能超过", await response.Content.ReadAsStringAsync());
            Assert.Null(stored);
            return;
        }

        Assert.NotNull(stored);
        Assert.DoesNotContain('\u0000', stored);
        Assert.DoesNotContain('\u001b', stored);
        var html = await (await client.Http.GetAsync("/me")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert", html);
        Assert.DoesNotContain("<img src=x", html);
        if (kind == "script")
        {
            Assert.Equal(value, stored);
            Assert.Contains("&lt;script&gt;", html);
        }
    }
}
