using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Infrastructure;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>Chasing: the Excel export, nudges, password resets.</summary>
public class TrackingChasingTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_export_has_a_title_text_cells_for_numbers_masked_ids_and_keeps_a_formula_looking_name_as_text()
    {
        var student = await TestStudents.AddAsync(factory, Econ2);
        await factory.WithDbAsync(async db =>
        {
            var s = await db.Students.SingleAsync(x => x.Id == student.Id);
            s.Name = "=HYPERLINK(\"http://evil.example\",\"点我\")";
            s.Phone = "01087654321";
            await db.SaveChangesAsync();
        });
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

        var response = await counselor.Http.GetAsync($"/tracking/classes/{student.ClassId}/export?state=NotViewed&q={student.StudentNumber}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoStore);
        using var book = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var sheet = book.Worksheet(1);

        var title = sheet.Cell(1, 1).GetString();
        Assert.Contains(Econ2, title);
        Assert.Contains("未查看", title);
        Assert.Contains("导出时间", title);
        Assert.Contains("2026", title);
        Assert.Equal(["学号", "姓名", "班级", "证件号码", "联系电话", "核对状态", "最后查看时间", "最后催查"],
            Enumerable.Range(1, 8).Select(c => sheet.Cell(2, c).GetString()));
        Assert.Equal(3, sheet.LastRowUsed().RowNumber());

        var number = sheet.Cell(3, 1);
        Assert.Equal(XLDataType.Text, number.DataType);
        Assert.Equal(student.StudentNumber, number.GetString());
        var name = sheet.Cell(3, 2);
        Assert.False(name.HasFormula);
        Assert.Equal(XLDataType.Text, name.DataType);
        Assert.Equal("=HYPERLINK(\"http://evil.example\",\"点我\")", name.GetString());
        Assert.True(name.Style.IncludeQuotePrefix);
        Assert.Equal(student.IdNumber[..6] + new string('*', 12), sheet.Cell(3, 4).GetString());
        var phone = sheet.Cell(3, 5);
        Assert.Equal(XLDataType.Text, phone.DataType);
        Assert.Equal("01087654321", phone.GetString());
        Assert.Equal("未查看", sheet.Cell(3, 6).GetString());

        Assert.Equal(2, sheet.SheetView.SplitRow);
        // Widths are set (ClosedXML reads them back less its padding); the default would be 8.43.
        Assert.InRange(sheet.Column(1).Width, 13, 14.5);
        Assert.InRange(sheet.Column(3).Width, 25, 26.5);

        var audit = await factory.WithDbAsync(db => db.AuditLog.Where(a => a.Action == "export" && a.TargetId == student.ClassId.ToString())
            .OrderByDescending(a => a.Id).FirstAsync());
        Assert.Equal("class", audit.TargetType);
        Assert.Contains("state=NotViewed", audit.Details);
        Assert.Contains("rows=1", audit.Details);
        Assert.DoesNotContain(student.StudentNumber, audit.Details);
    }

    [Fact]
    public async Task An_export_of_the_not_viewed_list_holds_exactly_the_rows_the_list_counts()
    {
        var econ1 = await ClassIdAsync(factory, Econ1);
        using var college = await StaffAsync(factory, DemoAccounts.College, DemoAccounts.CollegePassword);
        var (_, page) = await college.GetPageAsync($"/tracking/classes/{econ1}?state=NotViewed");
        var response = await college.Http.GetAsync($"/tracking/classes/{econ1}/export?state=NotViewed");
        using var book = new XLWorkbook(await response.Content.ReadAsStreamAsync());
        var rows = book.Worksheet(1).RowsUsed().Skip(2).ToList();
        Assert.Equal(Matching(page), rows.Count);
        Assert.All(rows, r => Assert.Matches(@"^\d{6}\*{12}$", r.Cell(4).GetString()));
        Assert.All(rows, r => Assert.Equal(XLDataType.Text, r.Cell(5).DataType));
    }

    [Fact]
    public async Task A_nudge_for_one_student_is_recorded_and_shows_as_the_last_nudge()
    {
        var student = await TestStudents.AddAsync(factory, Econ1);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var detail = $"/tracking/students/{student.Id}";

        var response = await counselor.PostFormAsync($"{detail}/nudge", [new("Channel", "Phone"), new("Note", "已电话提醒")], detail);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await counselor.PostFormAsync($"{detail}/nudge", [new("Channel", "WeChat"), new("Note", "")], detail);

        var nudges = await factory.WithDbAsync(db => db.Nudges.Where(n => n.StudentCheck.StudentId == student.Id).OrderBy(n => n.Id).ToListAsync());
        Assert.Equal([NudgeChannel.Phone, NudgeChannel.WeChat], nudges.Select(n => n.Channel));
        Assert.Equal("已电话提醒", nudges[0].Note);
        var check = await factory.WithDbAsync(db => db.StudentChecks.SingleAsync(c => c.StudentId == student.Id));
        Assert.Equal(NudgeChannel.WeChat, check.LastNudgeChannel);
        Assert.Equal(factory.Clock.GetUtcNow().UtcDateTime, check.LastNudgeAt);

        var (_, list) = await counselor.GetPageAsync($"/tracking/classes/{student.ClassId}?q={student.StudentNumber}");
        Assert.Equal("WeChat", list.QuerySelector($"tr[data-number='{student.StudentNumber}'] .nudge [data-channel]")!.GetAttribute("data-channel"));
        var (_, page) = await counselor.GetPageAsync(detail);
        Assert.Equal(2, page.QuerySelectorAll("ol.nudges li").Length);
        Assert.Contains("已电话提醒", page.QuerySelector("ol.nudges")!.TextContent);
    }

    [Fact]
    public async Task An_invalid_channel_records_no_nudge()
    {
        var student = await TestStudents.AddAsync(factory, Econ1);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var detail = $"/tracking/students/{student.Id}";
        await counselor.PostFormAsync($"{detail}/nudge", [new("Channel", "42"), new("Note", "x")], detail);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Nudges.CountAsync(n => n.StudentCheck.StudentId == student.Id)));
    }
}

/// <summary>Tests that need a database of their own: bulk nudges over many pages, and a reset that moves the clock.</summary>
public class TrackingBulkAndResetTests
{
    [Fact]
    public async Task A_bulk_nudge_covers_every_page_of_the_filter_and_nothing_else()
    {
        using var factory = new PortalFactory();
        for (var i = 0; i < 52; i++)
        {
            await TestStudents.AddAsync(factory, Econ2);
        }

        await SetStateAsync(factory, "2026010011", CheckState.Confirmed);
        var econ2 = await ClassIdAsync(factory, Econ2);
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);
        var (_, page) = await counselor.GetPageAsync($"/tracking/classes/{econ2}?state=NotViewed");
        Assert.Equal(61, Matching(page));
        Assert.Equal(50, Numbers(page).Count);

        var response = await counselor.PostFormAsync($"/tracking/classes/{econ2}/nudge?state=NotViewed",
            [new("Channel", "WeChat"), new("Note", "班级群提醒")], $"/tracking/classes/{econ2}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("state=NotViewed", response.Headers.Location!.OriginalString);

        var nudged = await factory.WithDbAsync(db => db.Nudges.Select(n => n.StudentCheck.Student.StudentNumber).ToListAsync());
        Assert.Equal(61, nudged.Count);
        Assert.Equal(61, nudged.Distinct().Count());
        Assert.DoesNotContain("2026010011", nudged);
        Assert.DoesNotContain(nudged, n => n.StartsWith("20260100") && string.CompareOrdinal(n, "2026010010") <= 0);
        Assert.Equal(61, await factory.WithDbAsync(db => db.StudentChecks.CountAsync(c => c.LastNudgeChannel == NudgeChannel.WeChat)));

        var (_, page2) = await counselor.GetPageAsync($"/tracking/classes/{econ2}?state=NotViewed&page=2");
        Assert.Equal(11, Numbers(page2).Count);
        Assert.All(page2.QuerySelectorAll("table.students tbody tr .nudge [data-channel]"), t => Assert.Equal("WeChat", t.GetAttribute("data-channel")));
        Assert.Equal(11, page2.QuerySelectorAll("table.students tbody tr .nudge [data-channel]").Length);
    }
}
