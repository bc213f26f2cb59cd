using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Scopes;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Tracking;

/// <summary>The filter, sort and page of a student list, as the query string carries them.</summary>
public sealed class ListQuery
{
    public int? Campaign { get; set; }
    /// <summary>all, unfinished, exempt, or a <see cref="CheckState"/> name.</summary>
    public string? State { get; set; }
    /// <summary>The 学信网 check: all, <see cref="StudentFilter.PortalDoneXuexinNot"/>, or a <see cref="XuexinState"/> name.</summary>
    public string? Xuexin { get; set; }
    /// <summary>入学类别, or null for every type.</summary>
    public string? Intake { get; set; }
    public string? Q { get; set; }
    /// <summary>number, name, viewed or state.</summary>
    public string? Sort { get; set; }
    public bool Desc { get; set; }
    public int Page { get; set; } = 1;

    /// <summary>The same filter with unknown values replaced by the defaults.</summary>
    public ListQuery Normalized() => new()
    {
        Campaign = Campaign,
        State = StudentFilter.StateValues.Contains(State) ? State : StudentFilter.All,
        Xuexin = StudentFilter.XuexinValues.Contains(Xuexin) ? Xuexin : StudentFilter.All,
        Intake = StudentFilter.IntakeOf(Intake),
        Q = string.IsNullOrWhiteSpace(Q) ? null : Q.Trim()[..Math.Min(Q.Trim().Length, 50)],
        Sort = StudentFilter.SortValues.Contains(Sort) ? Sort : StudentFilter.SortNumber,
        Desc = Desc,
        Page = Math.Max(1, Page),
    };

    /// <summary>Query-string values for links that keep the filter (page and sort are given by the link).</summary>
    public Dictionary<string, string?> Route(int? page = null, string? sort = null, bool? desc = null) => new()
    {
        ["campaign"] = Campaign?.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["state"] = State,
        ["xuexin"] = Xuexin is null or StudentFilter.All ? null : Xuexin,
        ["intake"] = Intake,
        ["q"] = Q,
        ["sort"] = sort ?? Sort,
        ["desc"] = (desc ?? Desc) ? "true" : null,
        ["page"] = (page ?? Page) > 1 ? (page ?? Page).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
    };
}

public sealed record ListRow(
    int StudentId, string StudentNumber, string Name, string IdNumberMasked, string? Phone, string ClassName, CheckState State,
    bool IsExempt, string? ExemptReason, DateTime? LastViewedAt, DateTime? LastNudgeAt, NudgeChannel? LastNudgeChannel,
    XuexinState Xuexin, string? XuexinWrongFields, bool? XuexinPhotoCorrect, string IntakeType);

/// <summary>The filters every list, export and bulk nudge share, so all three always mean the same students.</summary>
public static class StudentFilter
{
    public const string All = "all";
    public const string Unfinished = "unfinished";
    public const string Exempt = "exempt";
    /// <summary>Not done (issue 17): not viewed, or viewed and not confirmed; the default of a message nudge.</summary>
    public const string NotDone = "notdone";
    /// <summary>The portal check done (confirmed or resolved) but 学信网 not checked yet.</summary>
    public const string PortalDoneXuexinNot = "portaldone";
    public const string SortNumber = "number";
    public const string SortName = "name";
    public const string SortViewed = "viewed";
    public const string SortState = "state";
    public const int PageSize = 50;

    public static readonly string?[] StateValues =
        [All, Unfinished, NotDone, Exempt, .. StateCounts.States.Select(s => s.ToString())];

    public static readonly string?[] XuexinValues =
        [All, PortalDoneXuexinNot, .. XuexinCounts.States.Select(s => s.ToString())];

    /// <summary>An intake type from a query string: the table's spelling, short, or null for every type.</summary>
    public static string? IntakeOf(string? raw) =>
        string.IsNullOrWhiteSpace(raw) || raw.Trim().Length > 20 ? null : IntakeTypes.Normalize(raw);

    /// <summary>The students of a cohort in the caller's scope, of one intake type when one is asked for.</summary>
    public static IQueryable<Student> Students(RegistryDbContext db, ScopeFilter scope, int cohort, string? intake)
    {
        var students = scope.Students(db.Students.Where(s => s.Cohort == cohort));
        return intake is null ? students : students.Where(s => s.IntakeType == intake);
    }

    public static readonly string?[] SortValues = [SortNumber, SortName, SortViewed, SortState];

    /// <summary>Not finished: still to view, to confirm, or waiting for a report to be handled.</summary>
    public static readonly CheckState[] UnfinishedStates = [CheckState.NotViewed, CheckState.Viewed, CheckState.Reported];

    /// <summary>The checks of a class or college in a campaign, joined to their students within the caller's scope.</summary>
    public static IQueryable<TrackedRow> Rows(RegistryDbContext db, ScopeFilter scope, UnitRef unit, int campaignId, int cohort, string? intake = null)
    {
        var students = Students(db, scope, cohort, intake);
        students = unit.Kind == TrackingUnit.Class
            ? students.Where(s => s.ClassId == unit.Id)
            : students.Where(s => s.CollegeId == unit.Id);
        return from c in db.StudentChecks
               where c.CampaignId == campaignId
               join s in students on c.StudentId equals s.Id
               select new TrackedRow { Check = c, Student = s };
    }

    /// <summary>Applies the state filter and the search (学号 prefix or a part of the name).</summary>
    public static IQueryable<TrackedRow> Filter(IQueryable<TrackedRow> rows, ListQuery query)
    {
        rows = query.State switch
        {
            Exempt => rows.Where(r => r.Check.IsExempt),
            Unfinished => rows.Where(r => !r.Check.IsExempt && UnfinishedStates.Contains(r.Check.State)),
            NotDone => rows.Where(r => !r.Check.IsExempt && (r.Check.State == CheckState.NotViewed || r.Check.State == CheckState.Viewed)),
            _ when Enum.TryParse<CheckState>(query.State, out var state) => rows.Where(r => !r.Check.IsExempt && r.Check.State == state),
            _ => rows.Where(r => !r.Check.IsExempt),
        };
        rows = query.Xuexin switch
        {
            PortalDoneXuexinNot => rows.Where(r => (r.Check.State == CheckState.Confirmed || r.Check.State == CheckState.Resolved)
                && r.Check.XuexinState == XuexinState.NotChecked),
            _ when Enum.TryParse<XuexinState>(query.Xuexin, out var xuexin) => rows.Where(r => r.Check.XuexinState == xuexin),
            _ => rows,
        };
        if (query.Q is { } q)
        {
            var number = InputNormalizer.Normalize(q);
            rows = rows.Where(r => r.Student.StudentNumber.StartsWith(number) || r.Student.Name.Contains(q));
        }

        return rows;
    }

    public static IQueryable<TrackedRow> Sort(IQueryable<TrackedRow> rows, ListQuery query) => (query.Sort, query.Desc) switch
    {
        (SortName, false) => rows.OrderBy(r => r.Student.Name).ThenBy(r => r.Student.StudentNumber),
        (SortName, true) => rows.OrderByDescending(r => r.Student.Name).ThenBy(r => r.Student.StudentNumber),
        // Providers disagree on where NULL sorts (SQLite first, PostgreSQL last in ascending order): say it.
        // Never viewed counts as the oldest: first when ascending, last when descending.
        (SortViewed, false) => rows.OrderBy(r => r.Check.LastViewedAt != null).ThenBy(r => r.Check.LastViewedAt).ThenBy(r => r.Student.StudentNumber),
        (SortViewed, true) => rows.OrderBy(r => r.Check.LastViewedAt == null).ThenByDescending(r => r.Check.LastViewedAt).ThenBy(r => r.Student.StudentNumber),
        (SortState, false) => rows.OrderBy(r => r.Check.State).ThenBy(r => r.Student.StudentNumber),
        (SortState, true) => rows.OrderByDescending(r => r.Check.State).ThenBy(r => r.Student.StudentNumber),
        (_, true) => rows.OrderByDescending(r => r.Student.StudentNumber),
        _ => rows.OrderBy(r => r.Student.StudentNumber),
    };

    /// <summary>The columns a list and an export show; the ID number leaves the database only to be masked.</summary>
    public static IQueryable<RawRow> Project(IQueryable<TrackedRow> rows) => rows.Select(r => new RawRow(
        r.Student.Id, r.Student.StudentNumber, r.Student.Name, r.Student.IdNumber, r.Student.Phone, r.Student.Class.Name,
        r.Check.State, r.Check.IsExempt, r.Check.ExemptReason, r.Check.LastViewedAt, r.Check.LastNudgeAt, r.Check.LastNudgeChannel,
        r.Check.XuexinState, r.Check.XuexinWrongFields, r.Check.XuexinPhotoCorrect, r.Student.IntakeType));

    public sealed record RawRow(
        int StudentId, string StudentNumber, string Name, string IdNumber, string? Phone, string ClassName, CheckState State,
        bool IsExempt, string? ExemptReason, DateTime? LastViewedAt, DateTime? LastNudgeAt, NudgeChannel? LastNudgeChannel,
        XuexinState Xuexin, string? XuexinWrongFields, bool? XuexinPhotoCorrect, string IntakeType)
    {
        public ListRow Masked(bool restricted) => new(StudentId, StudentNumber, Name, IdNumberShown(restricted), Phone, ClassName, State,
            IsExempt, ExemptReason, LastViewedAt, LastNudgeAt, LastNudgeChannel, Xuexin, XuexinWrongFields, XuexinPhotoCorrect, IntakeType);

        /// <summary>The registrar's lists: the list mask; everyone else: the display restriction (ADR-018).</summary>
        public string IdNumberShown(bool restricted) =>
            restricted ? DisplayRestriction.IdNumber(IdNumber) : RegistryCheck.Data.Rules.IdNumber.Mask(IdNumber);
    }

    /// <summary>Counselors and college administrators chase students: they get the display restriction (ADR-018).</summary>
    public static bool Restricted(ClaimsPrincipal user) => !user.IsInRole(Roles.Registrar);
}

public sealed record UnitPageView(
    UnitRef Unit, CampaignChoice Campaign, int DaysLeft, StateCounts Counts, IReadOnlyList<UnitCounts> Classes,
    ListQuery Query, IReadOnlyList<ListRow> Rows, int Matching, int Pages);

/// <summary>
/// A class page (counselor) or a college page (college administrator, registrar): counts per state, the college's
/// classes, and the filtered, sorted, paged student list. Counts and the page are computed in the database.
/// </summary>
public sealed class UnitPageHandler(RegistryDbContext db, StaffScopes scopes, CampaignClock clock)
{
    public async Task<UnitPageView> HandleAsync(ClaimsPrincipal user, UnitRef unit, CampaignChoice choice, ListQuery raw, CancellationToken ct)
    {
        var query = raw.Normalized();
        var scope = await scopes.ForAsync(user, ct);
        var campaign = choice.Selected;
        var students = StudentFilter.Students(db, scope, campaign.Cohort, query.Intake);

        StateCounts counts;
        var classes = new List<UnitCounts>();
        if (unit.Kind == TrackingUnit.Class)
        {
            var byClass = await TrackingCounts.ByClassAsync(db, students.Where(s => s.ClassId == unit.Id), campaign.Id, ct);
            counts = byClass.GetValueOrDefault(unit.Id, StateCounts.Zero);
        }
        else
        {
            var inCollege = students.Where(s => s.CollegeId == unit.Id);
            var byClass = await TrackingCounts.ByClassAsync(db, inCollege, campaign.Id, ct);
            var names = await scope.Classes(db.Classes.AsNoTracking().Where(c => c.CollegeId == unit.Id && c.Cohort == campaign.Cohort))
                .OrderBy(c => c.Name).Select(c => new { c.Id, c.Name }).ToListAsync(ct);
            classes = names.Select(c => new UnitCounts(c.Id, c.Name, byClass.GetValueOrDefault(c.Id, StateCounts.Zero))).ToList();
            counts = TrackingCounts.Sum(classes);
        }

        var filtered = StudentFilter.Filter(StudentFilter.Rows(db, scope, unit, campaign.Id, campaign.Cohort, query.Intake), query);
        var matching = await filtered.CountAsync(ct);
        var pages = Math.Max(1, (matching + StudentFilter.PageSize - 1) / StudentFilter.PageSize);
        query.Page = Math.Min(query.Page, pages);
        var page = await StudentFilter.Project(StudentFilter.Sort(filtered, query))
            .Skip((query.Page - 1) * StudentFilter.PageSize).Take(StudentFilter.PageSize)
            .AsNoTracking()
            .ToListAsync(ct);
        return new UnitPageView(unit, choice, clock.DaysLeft(campaign.Deadline), counts, classes, query,
            page.Select(r => r.Masked(StudentFilter.Restricted(user))).ToList(), matching, pages);
    }
}
