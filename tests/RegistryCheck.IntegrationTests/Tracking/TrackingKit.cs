using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>Arranging check states in the database and reading the numbers the tracking pages show.</summary>
internal static class TrackingKit
{
    public const string Econ1 = "2026级经济学1班";
    public const string Econ2 = "2026级经济学2班";
    public const string Cs1 = "2026级计算机科学与技术1班";
    public const string Se1 = "2026级软件工程1班";
    public const string EconCollege = "经济学院";
    public const string InfoCollege = "信息科学与工程学院";

    public static Task<int> ClassIdAsync(PortalFactory factory, string name) =>
        factory.WithDbAsync(db => db.Classes.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    public static Task<int> CollegeIdAsync(PortalFactory factory, string name) =>
        factory.WithDbAsync(db => db.Colleges.Where(c => c.Name == name).Select(c => c.Id).SingleAsync());

    public static Task<int> StudentIdAsync(PortalFactory factory, string number) =>
        factory.WithDbAsync(db => db.Students.Where(s => s.StudentNumber == number).Select(s => s.Id).SingleAsync());

    /// <summary>Puts a student's check into a state with the timestamps that state implies.</summary>
    public static Task SetStateAsync(PortalFactory factory, string number, CheckState state, bool exempt = false, DateTime? at = null) =>
        factory.WithDbAsync(async db =>
        {
            var check = await db.StudentChecks.SingleAsync(c => c.Student.StudentNumber == number);
            var when = at ?? factory.Clock.GetUtcNow().UtcDateTime.AddHours(-1);
            check.State = state;
            check.StateChangedAt = when;
            if (state != CheckState.NotViewed)
            {
                check.FirstViewedAt = when;
                check.LastViewedAt = when;
            }

            if (state is CheckState.Confirmed)
            {
                check.ConfirmedAt = when;
            }

            if (state is CheckState.Resolved)
            {
                check.ResolvedAt = when;
            }

            check.IsExempt = exempt;
            check.ExemptReason = exempt ? "预科" : null;
            await db.SaveChangesAsync();
        });

    public static async Task<PortalClient> StaffAsync(PortalFactory factory, string user, string password)
    {
        var client = factory.NewClient();
        var response = await client.SignInStaffAsync(user, password);
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>The numbers of one row of a counts table: "class-3", "college-1" or "total".</summary>
    public static Counts Row(IHtmlDocument page, string unit)
    {
        var cells = page.QuerySelectorAll($"table.counts tr[data-unit='{unit}'] td[data-count]");
        Assert.True(cells.Length > 0, $"No counts row {unit} on the page.");
        int Of(string key) => int.Parse(cells.Single(c => c.GetAttribute("data-count") == key).TextContent.Trim());
        return new Counts(Of("Total"), Of("NotViewed"), Of("Viewed"), Of("Confirmed"), Of("Reported"), Of("Resolved"), Of("Exempt"));
    }

    public static bool HasRow(IHtmlDocument page, string unit) =>
        page.QuerySelector($"table.counts tr[data-unit='{unit}']") is not null;

    /// <summary>The 学号 column of the student list, in page order.</summary>
    public static List<string> Numbers(IHtmlDocument page) =>
        page.QuerySelectorAll("table.students tbody tr").Select(r => r.GetAttribute("data-number")!).ToList();

    public static int Matching(IHtmlDocument page) =>
        int.Parse(page.QuerySelector("#matching")!.GetAttribute("data-matching")!);

    public static Task<int> DeniedAuditsAsync(PortalFactory factory, string targetType, int id) =>
        factory.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "access-denied" && a.TargetType == targetType && a.TargetId == id.ToString()));
}

internal sealed record Counts(int Total, int NotViewed, int Viewed, int Confirmed, int Reported, int Resolved, int Exempt);
