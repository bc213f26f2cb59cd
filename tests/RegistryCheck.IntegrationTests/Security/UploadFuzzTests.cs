using System.Net;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Security;

public class UploadFuzzTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    public const int EvidenceCases = 320;

    [Fact]
    public async Task Hundreds_of_malformed_evidence_files_each_get_a_clear_message_and_store_nothing()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var token = await client.TokenFromAsync("/me/report?field=Ethnicity");
        var tried = 0;
        foreach (var (name, bytes) in MalformedFiles.Generate(EvidenceCases))
        {
            var content = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("Ethnicity"), "Field" },
                { new StringContent("回族"), "ProposedValue" },
                { new StringContent("见证明"), "Reason" },
                { new ByteArrayContent(bytes), "Evidence", name },
            };
            var response = await client.Http.PostAsync("/me/report", content);
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{name}: {(int)response.StatusCode}");
            Assert.Contains("不是有效的 JPG、PNG 或 PDF 文件", html);
            tried++;
        }

        Assert.Equal(EvidenceCases, tried);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Reports.CountAsync(r => r.StudentId == student.Id)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.ReportEvidence.CountAsync(e => e.Report.StudentId == student.Id)));
    }
}
