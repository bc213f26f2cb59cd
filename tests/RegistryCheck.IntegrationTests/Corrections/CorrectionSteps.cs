using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Corrections;

/// <summary>The workflow's steps as each role performs them over HTTP, reading versions from the pages as a browser would.</summary>
public sealed class CorrectionSteps(PortalFactory factory)
{
    public async Task<PortalClient> StaffAsync(string user, string password)
    {
        var client = factory.NewClient();
        var response = await client.SignInStaffAsync(user, password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public Task<PortalClient> CounselorAsync() => StaffAsync(DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

    public Task<PortalClient> CollegeAsync() => StaffAsync(DemoAccounts.College, DemoAccounts.CollegePassword);

    public Task<PortalClient> RegistrarAsync() => StaffAsync(DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);

    /// <summary>A real PNG (a scan of the 户口本 page, as far as the portal can tell): evidence for the fields that need approval.</summary>
    public static readonly byte[] EvidencePng = RegistryCheck.Web.Infrastructure.Files.DemoPhotoGenerator.Create(3);

    /// <summary>
    /// The student reports one field through the form; returns the new report's id. A field that needs provincial
    /// approval gets a PDF as evidence unless the test gives files, as the form requires.
    /// </summary>
    public async Task<int> ReportAsync(PortalClient student, int studentId, RecordField field, string proposed, string reason,
        IEnumerable<(string Key, string FileName, byte[] Content, string ContentType)>? files = null, CorrectionKind kind = CorrectionKind.Correction)
    {
        files ??= FieldRules.NeedsProvincialApproval(field) ? [("Evidence", "户口本.png", EvidencePng, "image/png")] : [];
        var response = await student.PostMultipartAsync("/me/report", $"/me/report?field={field}",
            [("Field", field.ToString()), ("Kind", kind.ToString()), ("ProposedValue", proposed), ("Reason", reason), ("AcknowledgedHints", "true")], files);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return await factory.WithDbAsync(db => db.Reports.Where(r => r.StudentId == studentId && r.Field == field)
            .OrderByDescending(r => r.Id).Select(r => r.Id).FirstAsync());
    }

    public static int VersionOn(IHtmlDocument page, string formSelector) =>
        int.Parse(page.QuerySelector($"{formSelector} input[name=Version], {formSelector} input[name=version]")!.GetAttribute("value")!);

    /// <summary>Posts the counselor's verify or return form as shown on the report page; returns the page after the redirect.</summary>
    public async Task<IHtmlDocument> ReviewAsync(PortalClient counselor, int reportId, string action, string note, int? version = null)
    {
        var (_, page) = await counselor.GetPageAsync($"/corrections/{reportId}");
        var formSelector = action == "verify" ? "form.verify-form" : "form.return-form";
        var shown = version ?? VersionOn(page, formSelector);
        var response = await counselor.PostFormAsync($"/corrections/{reportId}/{action}",
            [new("Version", shown.ToString()), new("Note", note)], "/corrections");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (await counselor.FollowAsync(response)).Page;
    }

    /// <summary>The college administrator puts these reports into the draft batch and submits it; returns the batch id.</summary>
    public async Task<int> SubmitBatchAsync(PortalClient college, params int[] reportIds)
    {
        var add = await college.PostFormAsync("/batches/college/add", reportIds.Select(id => new KeyValuePair<string, string>("reportIds", id.ToString())),
            "/batches/college");
        Assert.Equal(HttpStatusCode.Redirect, add.StatusCode);
        var batchId = await factory.WithDbAsync(db => db.Reports.Where(r => r.Id == reportIds[0]).Select(r => r.BatchId!.Value).SingleAsync());
        var (_, page) = await college.GetPageAsync("/batches/college");
        var version = VersionOn(page, $"section.draft[data-batch='{batchId}'] form[action='/batches/{batchId}/submit']");
        var submit = await college.PostFormAsync($"/batches/{batchId}/submit", [new("version", version.ToString())], "/batches/college");
        Assert.Equal(HttpStatusCode.Redirect, submit.StatusCode);
        return batchId;
    }

    /// <summary>The registrar's correct or reject form for one report on the batch page; returns the page after the redirect.</summary>
    public async Task<IHtmlDocument> ResolveAsync(PortalClient registrar, int batchId, int reportId, bool correct, string? reason = null)
    {
        var (_, page) = await registrar.GetPageAsync($"/batches/{batchId}");
        var selector = $"section[data-report='{reportId}'] form.{(correct ? "correct" : "reject")}-form";
        var version = VersionOn(page, selector);
        var fields = new List<KeyValuePair<string, string>> { new("version", version.ToString()), new("batchId", batchId.ToString()) };
        if (reason is not null)
        {
            fields.Add(new("reason", reason));
        }

        var response = await registrar.PostFormAsync($"/batches/reports/{reportId}/{(correct ? "correct" : "reject")}", fields, $"/batches/{batchId}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (await registrar.FollowAsync(response)).Page;
    }

    public Task<CorrectionReport> ReportRowAsync(int id) =>
        factory.WithDbAsync(db => db.Reports.AsNoTracking().Include(r => r.History).SingleAsync(r => r.Id == id));

    public static string Flash(IHtmlDocument page) => page.QuerySelector(".flash")?.TextContent.Trim() ?? "";
}
