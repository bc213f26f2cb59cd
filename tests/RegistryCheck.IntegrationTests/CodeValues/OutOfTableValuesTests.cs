using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.IntegrationTests.Corrections;
using RegistryCheck.IntegrationTests.Infrastructure;

namespace RegistryCheck.IntegrationTests.CodeValues;

/// <summary>The registrar's list of stored 民族/政治面貌 values that the code tables do not hold.</summary>
public class OutOfTableValuesTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    private readonly CorrectionSteps _steps = new(factory);

    private async Task SetAsync(int studentId, string? ethnicity = null, string? political = null) =>
        await factory.WithDbAsync(async db =>
        {
            var s = await db.Students.SingleAsync(x => x.Id == studentId);
            s.Ethnicity = ethnicity ?? s.Ethnicity;
            s.PoliticalStatus = political ?? s.PoliticalStatus;
            await db.SaveChangesAsync();
        });

    private static IHtmlElement? Row(IHtmlDocument page, string field, string value) =>
        page.QuerySelectorAll($"table.out-of-table tr[data-field={field}]").OfType<IHtmlElement>()
            .FirstOrDefault(r => r.QuerySelector("td.value")!.TextContent == value);

    [Fact]
    public async Task The_registrar_sees_each_value_outside_the_tables_with_its_student_count_and_the_table_value_it_maps_to()
    {
        var a = await TestStudents.AddAsync(factory);
        var b = await TestStudents.AddAsync(factory);
        var c = await TestStudents.AddAsync(factory);
        await SetAsync(a.Id, ethnicity: "测试星族");
        await SetAsync(b.Id, ethnicity: "测试星族", political: "测试面貌");
        await SetAsync(c.Id, political: "中国共产主义青年团团员");

        var (response, page) = await (await _steps.RegistrarAsync()).GetPageAsync("/code-values");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ethnicity = Row(page, "Ethnicity", "测试星族");
        Assert.NotNull(ethnicity);
        Assert.Equal("2", ethnicity.QuerySelector("td.count")!.TextContent);
        Assert.Equal("—", ethnicity.QuerySelector("td.suggestion")!.TextContent);
        Assert.Equal("1", Row(page, "PoliticalStatus", "测试面貌")!.QuerySelector("td.count")!.TextContent);
        Assert.Equal("共青团员", Row(page, "PoliticalStatus", "中国共产主义青年团团员")!.QuerySelector("td.suggestion")!.TextContent);
        // Values in the tables are not listed.
        Assert.Null(Row(page, "Ethnicity", "汉族"));
        Assert.Null(Row(page, "PoliticalStatus", "共青团员"));
    }

    [Fact]
    public async Task Only_the_registrar_may_open_the_list()
    {
        var counselor = await _steps.CounselorAsync();
        var response = await counselor.Http.GetAsync("/code-values");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath);

        var (_, student) = await TestStudents.SignedInAsync(factory);
        var asStudent = await student.Http.GetAsync("/code-values");
        Assert.StartsWith("/account/denied", asStudent.Headers.Location!.AbsolutePath);
    }
}
