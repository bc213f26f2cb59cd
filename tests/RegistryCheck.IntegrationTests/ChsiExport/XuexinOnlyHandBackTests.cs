using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data.Entities;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;
using RegistryCheck.Web.Infrastructure.Dbf;

namespace RegistryCheck.IntegrationTests.ChsiExport;

/// <summary>
/// Issue 15: an error seen only on 学信网, whose report proposes the value the portal already holds, is a row CHSI
/// must correct — in the .xlsx and the .dbf, with where it was seen (发现于) and the field named as changed.
/// </summary>
public class XuexinOnlyHandBackTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    private sealed record Arranged(int CampaignId, int CollegeId, TestStudent XuexinOnly, TestStudent PortalOnly, TestStudent Both);

    /// <summary>
    /// In 经济学院: 学信网 shows 回族 where the portal (rightly) holds 汉族; another student's 民族 is wrong on the
    /// portal only; a third student's 政治面貌 is wrong on both. All three resolved as corrected.
    /// </summary>
    private async Task<Arranged> ArrangeAsync()
    {
        var (xuexin, xuexinClient) = await TestStudents.SignedInAsync(factory);
        var (portal, portalClient) = await TestStudents.SignedInAsync(factory);
        var (both, bothClient) = await TestStudents.SignedInAsync(factory);

        var response = await xuexinClient.PostMultipartAsync("/me/report", "/me/report?field=Ethnicity&seenOn=Xuexin",
            [("Field", "Ethnicity"), ("Kind", "Correction"), ("SeenOn", "Xuexin"), ("XuexinValue", "回族"), ("ProposedValue", "汉族"), ("Reason", "学信网上民族显示错误")], []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var xuexinReport = await factory.WithDbAsync(db => db.Reports.Where(r => r.StudentId == xuexin.Id).Select(r => r.Id).SingleAsync());
        var portalReport = await _steps.ReportAsync(portalClient, portal.Id, RecordField.Ethnicity, "壮族", "户口本为壮族");
        response = await bothClient.PostMultipartAsync("/me/report", "/me/report?field=PoliticalStatus&seenOn=Both",
            [("Field", "PoliticalStatus"), ("Kind", "Correction"), ("SeenOn", "Both"), ("ProposedValue", "共青团员"), ("Reason", "已入团")], []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var bothReport = await factory.WithDbAsync(db => db.Reports.Where(r => r.StudentId == both.Id).Select(r => r.Id).SingleAsync());

        using (var counselor = await _steps.CounselorAsync())
        {
            foreach (var id in new[] { xuexinReport, portalReport, bothReport })
            {
                await _steps.ReviewAsync(counselor, id, "verify", "核实无误");
            }
        }

        int batch;
        using (var college = await _steps.CollegeAsync())
        {
            batch = await _steps.SubmitBatchAsync(college, xuexinReport, portalReport, bothReport);
        }

        using var registrar = await _steps.RegistrarAsync();
        foreach (var id in new[] { xuexinReport, portalReport, bothReport })
        {
            await _steps.ResolveAsync(registrar, batch, id, correct: true);
        }

        Assert.Equal(ReportStatus.Corrected, (await _steps.ReportRowAsync(xuexinReport)).Status);
        var campaignId = await factory.WithDbAsync(db => db.Reports.Where(r => r.Id == xuexinReport).Select(r => r.CampaignId).SingleAsync());
        return new Arranged(campaignId, xuexin.CollegeId, xuexin, portal, both);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<PortalFactory, Task<Arranged>> Shared = [];

    private Task<Arranged> ArrangedAsync()
    {
        lock (Shared)
        {
            return Shared.GetValue(factory, _ => ArrangeAsync());
        }
    }

    [Fact]
    public async Task The_xlsx_carries_a_xuexin_only_correction_with_the_portals_value_the_changed_field_and_where_it_was_seen()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();

        var response = await registrar.Http.GetAsync($"/chsi-export/records.xlsx?campaignId={a.CampaignId}&collegeId={a.CollegeId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var ws = workbook.Worksheet(1);
        var header = ws.Row(1).CellsUsed().Select(c => c.GetString()).ToList();
        int Col(string name) => header.IndexOf(name) + 1;
        var rows = ws.RowsUsed().Skip(1).ToDictionary(r => r.Cell(Col("XH")).GetString());
        // Every one of them (another test of this class adds a student of its own to the college).
        Assert.All(new[] { a.XuexinOnly.StudentNumber, a.PortalOnly.StudentNumber, a.Both.StudentNumber }, n => Assert.Contains(n, rows.Keys));
        Assert.True(Col("发现于") > 0, string.Join("|", header));

        var xuexin = rows[a.XuexinOnly.StudentNumber];
        Assert.Equal("汉族", xuexin.Cell(Col("MZ")).GetString());
        Assert.Equal(a.XuexinOnly.IdNumber, xuexin.Cell(Col("SFZH")).GetString());
        Assert.Equal("MZ", xuexin.Cell(Col("更正字段")).GetString());
        Assert.Equal("民族", xuexin.Cell(Col("更正项目")).GetString());
        Assert.Equal("学信网", xuexin.Cell(Col("发现于")).GetString());
        // What CHSI holds now (学信网's value) → what it must become.
        Assert.Equal("MZ：回族 → 汉族", xuexin.Cell(Col("更正前后")).GetString());

        var portal = rows[a.PortalOnly.StudentNumber];
        Assert.Equal(("壮族", "MZ", "教务系统"), (portal.Cell(Col("MZ")).GetString(), portal.Cell(Col("更正字段")).GetString(), portal.Cell(Col("发现于")).GetString()));
        var both = rows[a.Both.StudentNumber];
        Assert.Equal(("共青团员", "ZZMM", "教务系统和学信网"),
            (both.Cell(Col("ZZMM")).GetString(), both.Cell(Col("更正字段")).GetString(), both.Cell(Col("发现于")).GetString()));
    }

    [Fact]
    public async Task The_dbf_read_back_by_the_portals_reader_carries_the_xuexin_only_row_with_its_changed_field_and_where_it_was_seen()
    {
        var a = await ArrangedAsync();
        using var registrar = await _steps.RegistrarAsync();

        var response = await registrar.Http.GetAsync($"/chsi-export/records.dbf?campaignId={a.CampaignId}&collegeId={a.CollegeId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var table = DbfReader.Read(await response.Content.ReadAsByteArrayAsync());
        var names = table.Fields.Select(f => f.Name).ToList();
        Assert.Equal(["GZZD", "SJSP", "FXY"], names[^3..]);
        var records = table.Records().Select(r => names.Zip(r.Values).ToDictionary(p => p.First, p => p.Second ?? "")).ToDictionary(r => r["XH"]);

        var xuexin = records[a.XuexinOnly.StudentNumber];
        Assert.Equal(("汉族", "MZ", "学信网"), (xuexin["MZ"], xuexin["GZZD"], xuexin["FXY"]));
        var portal = records[a.PortalOnly.StudentNumber];
        Assert.Equal(("壮族", "MZ", "教务系统"), (portal["MZ"], portal["GZZD"], portal["FXY"]));
        Assert.Equal("教务系统和学信网", records[a.Both.StudentNumber]["FXY"]);
    }

    [Fact]
    public async Task A_xuexin_only_change_of_name_that_confirms_the_portals_name_is_handed_back_and_writes_no_former_name()
    {
        var (student, client) = await TestStudents.SignedInAsync(factory);
        var name = await factory.WithDbAsync(db => db.Students.Where(s => s.Id == student.Id).Select(s => s.Name).SingleAsync());
        var response = await client.PostMultipartAsync("/me/report", "/me/report?field=Name&seenOn=Xuexin",
            [("Field", "Name"), ("Kind", "Change"), ("SeenOn", "Xuexin"), ("XuexinValue", "李明远"), ("ProposedValue", name), ("Reason", "学信网上仍是旧名"),
                ("AcknowledgedHints", "true")],
            [("Evidence", "户口本.png", CorrectionSteps.EvidencePng, "image/png")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var report = await factory.WithDbAsync(db => db.Reports.Where(r => r.StudentId == student.Id).Select(r => r.Id).SingleAsync());
        using (var counselor = await _steps.CounselorAsync())
        {
            await _steps.ReviewAsync(counselor, report, "verify", "核实无误");
        }

        int batch;
        using (var college = await _steps.CollegeAsync())
        {
            batch = await _steps.SubmitBatchAsync(college, report);
        }

        using var registrar = await _steps.RegistrarAsync();
        await _steps.ResolveAsync(registrar, batch, report, correct: true);

        var after = await factory.WithDbAsync(db => db.Students.AsNoTracking().SingleAsync(s => s.Id == student.Id));
        Assert.Equal((name, null), (after.Name, after.FormerName));
        var campaignId = await factory.WithDbAsync(db => db.Reports.Where(r => r.Id == report).Select(r => r.CampaignId).SingleAsync());
        var table = DbfReader.Read(await registrar.Http.GetByteArrayAsync($"/chsi-export/records.dbf?campaignId={campaignId}&collegeId={student.CollegeId}"));
        var names = table.Fields.Select(f => f.Name).ToList();
        var row = table.Records().Select(r => names.Zip(r.Values).ToDictionary(p => p.First, p => p.Second ?? "")).Single(r => r["XH"] == student.StudentNumber);
        Assert.Equal((name, "XM", "XM", "学信网"), (row["XM"], row["GZZD"], row["SJSP"], row["FXY"]));
    }
}
