using Microsoft.Extensions.Options;
using RegistryCheck.Web.Features.Import;

namespace RegistryCheck.UnitTests.Import;

/// <summary>The preview's parse kept for the commit (validation once, ADR-030): only for the very same job, file and day.</summary>
public class ParsedRostersTests
{
    private static readonly DateTime Created = new(2026, 12, 2, 1, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = new(2026, 12, 2);
    private static readonly RosterHeading Heading = new(RosterFormat.Xlsx, HeaderConvention.ChineseNames, []);

    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(Created);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static (ParsedRosters Kept, Clock Clock) Make(int maxRows = 1000, int minutes = 30)
    {
        var clock = new Clock();
        var options = Options.Create(new ImportOptions { MaxParsedRowsKept = maxRows, KeepParsedFor = TimeSpan.FromMinutes(minutes) });
        return (new ParsedRosters(clock, options), clock);
    }

    private static List<RosterRecord> Rows(int count) =>
        Enumerable.Range(2, count).Select(n => new RosterRecord { Row = n, StudentNumber = "2026" + n.ToString("0000", System.Globalization.CultureInfo.InvariantCulture) }).ToList();

    private static ParsedRosterKey Key(int job, long length = 4096) => new(job, Created, length, Today);

    [Fact]
    public void The_commit_takes_the_rows_the_preview_kept_once()
    {
        var (kept, _) = Make();
        var rows = Rows(3);
        kept.Keep(Key(7), rows, Heading);

        var taken = kept.Take(Key(7));

        Assert.NotNull(taken);
        Assert.Same(rows, taken.Value.Records);
        Assert.Equal(Heading, taken.Value.Heading);
        Assert.Null(kept.Take(Key(7)));
    }

    [Fact]
    public void Another_file_day_or_job_of_the_same_id_finds_nothing_and_drops_the_entry()
    {
        var (kept, _) = Make();
        kept.Keep(Key(7), Rows(3), Heading);
        Assert.Null(kept.Take(Key(7, length: 4097)));
        Assert.Null(kept.Take(Key(7)));

        kept.Keep(Key(8), Rows(3), Heading);
        Assert.Null(kept.Take(Key(8) with { Today = Today.AddDays(1) }));

        kept.Keep(Key(9), Rows(3), Heading);
        Assert.Null(kept.Take(Key(9) with { JobCreatedAt = Created.AddMinutes(5) }));
    }

    [Fact]
    public void Rows_kept_longer_than_the_setting_are_read_again()
    {
        var (kept, clock) = Make(minutes: 30);
        kept.Keep(Key(7), Rows(3), Heading);
        clock.Now = clock.Now.AddMinutes(31);

        Assert.Null(kept.Take(Key(7)));
    }

    [Fact]
    public void Past_the_row_budget_the_oldest_job_goes_and_a_roster_larger_than_it_is_not_kept()
    {
        var (kept, _) = Make(maxRows: 10);
        kept.Keep(Key(1), Rows(6), Heading);
        kept.Keep(Key(2), Rows(4), Heading);
        kept.Keep(Key(3), Rows(5), Heading);
        kept.Keep(Key(4), Rows(11), Heading);

        Assert.Null(kept.Take(Key(1)));
        Assert.NotNull(kept.Take(Key(2)));
        Assert.NotNull(kept.Take(Key(3)));
        Assert.Null(kept.Take(Key(4)));
    }

    [Fact]
    public void A_budget_of_zero_keeps_nothing_and_a_cancelled_job_is_forgotten()
    {
        var (none, _) = Make(maxRows: 0);
        none.Keep(Key(1), Rows(1), Heading);
        Assert.Null(none.Take(Key(1)));

        var (kept, _) = Make();
        kept.Keep(Key(2), Rows(2), Heading);
        kept.Forget(2);
        Assert.Null(kept.Take(Key(2)));
    }

    [Fact]
    public void A_clone_shares_the_values_but_not_the_lists_the_plan_changes()
    {
        var original = new RosterRecord { Row = 5, StudentNumber = "", Class = "" };
        original.Missing.Add(RosterColumn.StudentNumber);
        original.Problems.Add(RowProblem.Of(RosterColumn.Name, "x", "不能为空"));
        original.Mappings.Add(("民族", "汉", "汉族"));

        var copy = original.Clone();
        copy.StudentNumber = "20260001";
        copy.Missing.Remove(RosterColumn.StudentNumber);
        copy.Problems.Add(RowProblem.Of(RosterColumn.Class, null, "不能为空"));
        copy.Mappings.Clear();

        Assert.Equal("", original.StudentNumber);
        Assert.Equal([RosterColumn.StudentNumber], original.Missing);
        Assert.Single(original.Problems);
        Assert.Single(original.Mappings);
        Assert.Equal(5, copy.Row);
        Assert.Equal(2, copy.Problems.Count);
    }
}
