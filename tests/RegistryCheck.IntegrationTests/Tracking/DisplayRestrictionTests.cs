using AngleSharp.Html.Dom;
using ClosedXML.Excel;
using RegistryCheck.IntegrationTests.Infrastructure;
using static RegistryCheck.IntegrationTests.Tracking.TrackingKit;

namespace RegistryCheck.IntegrationTests.Tracking;

/// <summary>
/// Counselors chase students; they do not need what gives the initial password away (ADR-018): the ID number shows
/// its area code only and the birth date its year and month, on the student page, in the list and in the export.
/// </summary>
public class DisplayRestrictionTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task A_counselor_sees_neither_the_id_numbers_tail_nor_the_birth_day_while_the_registrar_sees_both()
    {
        var student = await TestStudents.AddAsync(factory, Econ1);
        var id = student.IdNumber;
        var birth = $"{id[6..10]}-{id[10..12]}-{id[12..14]}";
        using var counselor = await StaffAsync(factory, DemoAccounts.Counselor, DemoAccounts.CounselorPassword);

        var (_, page) = await counselor.GetPageAsync($"/tracking/students/{student.Id}");
        Assert.Equal(id[..6] + new string('*', 12), Value(page, "IdNumber"));
        Assert.Equal(birth[..8] + "**", Value(page, "BirthDate"));
        var text = page.Body!.TextContent;
        Assert.DoesNotContain(id[^4..], text.Replace(student.StudentNumber, "", StringComparison.Ordinal));
        Assert.DoesNotContain(birth, text);

        var (_, list) = await counselor.GetPageAsync($"/tracking/classes/{student.ClassId}?q={student.StudentNumber}");
        Assert.Equal(id[..6] + new string('*', 12), list.QuerySelector("td.id-number")!.TextContent.Trim());

        var export = await counselor.Http.GetAsync($"/tracking/classes/{student.ClassId}/export?q={student.StudentNumber}");
        using var book = new XLWorkbook(await export.Content.ReadAsStreamAsync());
        Assert.Equal(id[..6] + new string('*', 12), book.Worksheet(1).Cell(3, 4).GetString());

        using var registrar = await StaffAsync(factory, DemoAccounts.Registrar, DemoAccounts.RegistrarPassword);
        var (_, full) = await registrar.GetPageAsync($"/tracking/students/{student.Id}");
        Assert.Equal(id, Value(full, "IdNumber"));
        Assert.Equal(birth, Value(full, "BirthDate"));
    }

    private static string Value(IHtmlDocument page, string field) =>
        page.QuerySelector($"dl.record [data-field='{field}'] .value")!.TextContent.Trim();
}
