using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Infrastructure.Seeding;

/// <summary>
/// The notice's situation for the demo (issue 15): the 专升本 class in its own campaign whose 学信网 check is open,
/// the 新生 campaign whose 学信网 check waits for CHSI's upload, and students at every state of both checks, so a
/// first look at the counselor's or the registrar's pages shows a campaign in progress. 2026010001 – 2026010010
/// (and 2026010015, 2026020019 – 20) are left as the roster made them: README and the journeys start from them.
/// </summary>
public static class DemoProgress
{
    public const string UpgradeClass = "2026级会计学专升本1班";
    public const string UpgradeCampaign = "2026级专升本学籍核对";
    private const string CounselorName = "经济学院辅导员";

    /// <summary>The 专升本 campaign: opened two days before the 新生 one, its 学信网 check open since the day after.</summary>
    public static Campaign AddUpgradeCampaign(RegistryDbContext db, CampaignClock clock, DateTime now)
    {
        var today = clock.ToLocal(now).Date;
        var campaign = new Campaign
        {
            Name = UpgradeCampaign,
            Cohort = DemoSeeder.DemoCohort,
            OpensAt = now.AddDays(-3),
            Deadline = clock.ToUtc(today.AddDays(12).AddSeconds(-1)),
            SummaryDeadline = clock.ToUtc(today.AddDays(19).AddSeconds(-1)),
            TargetsRemainingTypes = false,
            IntakeTypes = [new CampaignIntakeType { IntakeType = IntakeTypes.UpgradeToBachelor }],
            XuexinOpensAt = now.AddDays(-2),
            XuexinOpenedAt = now.AddDays(-2),
            XuexinDeadline = clock.ToUtc(today.AddDays(12).AddSeconds(-1)),
            CreatedAt = now.AddDays(-3),
        };
        db.Campaigns.Add(campaign);
        return campaign;
    }

    /// <summary>The 新生 campaign's 学信网 check is announced, not open: CHSI has not uploaded the data yet.</summary>
    public static void AnnounceXuexin(Campaign campaign, CampaignClock clock, DateTime now) =>
        campaign.XuexinOpensAt = clock.ToUtc(clock.ToLocal(now).Date.AddDays(10));

    public static void Apply(RegistryDbContext db, Dictionary<string, StudentCheck> regular, Dictionary<string, StudentCheck> upgrade,
        Dictionary<string, AppUser> staff, DateTime now)
    {
        var counselor = staff["counselor"];
        var at = (double hoursAgo) => now.AddHours(-hoursAgo);

        // 新生 (2026级新生学籍信息核对): the portal check only; its 学信网 check is not open.
        Viewed(regular["2026010011"], at(20));
        Nudged(db, regular["2026010011"], NudgeChannel.Phone, at(2), counselor.Id);
        Viewed(regular["2026010012"], at(6));
        Confirmed(regular["2026010013"], at(22), at(21.5));
        Confirmed(regular["2026010014"], at(5), at(4.8));
        Reported(db, regular["2026010016"], at(18), Report(RecordField.Ethnicity, "汉族", "土家族", SeenOn.Portal, at(17.5), "我是土家族，录取时民族填错了。"));
        var verified = Report(RecordField.PoliticalStatus, "群众", "共青团员", SeenOn.Portal, at(16), "高中时已入团，团员证可以提供。");
        Verify(verified, at(3), counselor);
        Reported(db, regular["2026010017"], at(16.2), verified);
        var rejected = Report(RecordField.StudyForm, "普通全日制", "非全日制", SeenOn.Portal, at(19), "以为是非全日制。");
        Reject(rejected, at(8), counselor, "录取为普通全日制，信息无误。");
        Reported(db, regular["2026010018"], at(19.5), rejected);
        regular["2026010020"].IsExempt = true;
        regular["2026010020"].ExemptReason = "保留入学资格";
        Viewed(regular["2026020001"], at(12));
        Confirmed(regular["2026020002"], at(23), at(22.9));
        Confirmed(regular["2026020003"], at(9), at(8.5));
        Reported(db, regular["2026020004"], at(7), Report(RecordField.Ethnicity, "汉族", "苗族", SeenOn.Portal, at(6.8), "户口本上是苗族。"));
        Viewed(regular["2026020005"], at(1));

        // 专升本: both checks, every 学信网 state (2026013001 has done nothing yet).
        Viewed(upgrade["2026013002"], at(60));
        Viewed(upgrade["2026013003"], at(50));
        Xuexin(upgrade["2026013003"], at(49), found: false);
        Confirmed(upgrade["2026013004"], at(70), at(69.5));
        Xuexin(upgrade["2026013004"], at(40), found: true, info: true, photo: true);
        Confirmed(upgrade["2026013005"], at(30), at(29.8));
        // 学信网 only: the portal's 共青团员 is right, 学信网 shows 群众; the counselor verified it for the college's batch.
        var xuexinOnly = Report(RecordField.PoliticalStatus, "群众", "共青团员", SeenOn.Xuexin, at(44.5), "学信网显示群众，我已入团，教务系统是对的。");
        Verify(xuexinOnly, at(20), counselor);
        Reported(db, upgrade["2026013006"], at(45), xuexinOnly);
        Xuexin(upgrade["2026013006"], at(44.6), found: true, info: false, photo: true, RecordField.PoliticalStatus);
        // The example: 学籍无误, 照片有误.
        Reported(db, upgrade["2026013007"], at(26), Report(RecordField.Photo, "录取照片", "学信网上的录取照片不是我本人，是另一名考生的照片。", SeenOn.Xuexin, at(25.5), "照片与本人不符。"));
        Xuexin(upgrade["2026013007"], at(25.6), found: true, info: true, photo: false);
        Reported(db, upgrade["2026013008"], at(10), Report(RecordField.Ethnicity, "汉族", "回族", SeenOn.Both, at(9.5), "教务系统和学信网都写成了汉族。"));
        Xuexin(upgrade["2026013008"], at(9.6), found: true, info: false, photo: true, RecordField.Ethnicity);
    }

    private static void Viewed(StudentCheck check, DateTime at)
    {
        check.FirstViewedAt = at;
        check.LastViewedAt = at;
        Settle(check, at);
    }

    private static void Confirmed(StudentCheck check, DateTime viewed, DateTime confirmed)
    {
        check.FirstViewedAt = viewed;
        check.LastViewedAt = confirmed;
        check.ConfirmedAt = confirmed;
        Settle(check, confirmed);
    }

    private static void Reported(RegistryDbContext db, StudentCheck check, DateTime viewed, CorrectionReport report)
    {
        report.Student = check.Student;
        report.Campaign = check.Campaign;
        report.History[0].ActorName = check.Student.Name;
        db.Reports.Add(report);
        check.FirstViewedAt = viewed;
        check.LastViewedAt = report.SubmittedAt;
        Settle(check, report.ResolvedAt ?? report.SubmittedAt, open: report.IsOpen ? 1 : 0, resolved: report.IsOpen ? 0 : 1, report.ResolvedAt);
    }

    /// <summary>The state the facts give (<see cref="CheckStates"/>), changed when the last fact happened.</summary>
    private static void Settle(StudentCheck check, DateTime at, int open = 0, int resolved = 0, DateTime? lastResolved = null)
    {
        CheckStates.Apply(check, open, resolved, lastResolved, at);
        check.StateChangedAt = at;
    }

    private static void Xuexin(StudentCheck check, DateTime at, bool found, bool? info = null, bool? photo = null, params RecordField[] wrong)
    {
        check.XuexinHasAccount = true;
        check.XuexinRecordFound = found;
        check.XuexinInfoCorrect = info;
        check.XuexinPhotoCorrect = photo;
        check.XuexinWrongFields = wrong.Length == 0 ? null : string.Join(",", wrong);
        check.XuexinFirstRecordedAt = at;
        check.XuexinRecordedAt = at;
        check.FirstViewedAt ??= at;
        check.LastViewedAt ??= at;
        XuexinStates.Apply(check, at);
    }

    private static CorrectionReport Report(RecordField field, string shown, string proposed, SeenOn seenOn, DateTime at, string reason)
    {
        var report = new CorrectionReport
        {
            Field = field, ShownValue = shown, ProposedValue = proposed, Reason = reason, SeenOn = seenOn, Status = ReportStatus.Submitted,
            NeedsProvincialApproval = FieldRules.NeedsProvincialApproval(field), SubmittedAt = at, UpdatedAt = at,
        };
        report.History.Add(new ReportHistoryEntry { ToStatus = ReportStatus.Submitted, At = at, ActorName = "" });
        return report;
    }

    private static void Verify(CorrectionReport report, DateTime at, AppUser counselor)
    {
        report.History.Add(new ReportHistoryEntry { FromStatus = report.Status, ToStatus = ReportStatus.Verified, At = at, ActorUserId = counselor.Id, ActorName = CounselorName });
        report.Status = ReportStatus.Verified;
        report.VerifiedAt = at;
        report.UpdatedAt = at;
    }

    private static void Reject(CorrectionReport report, DateTime at, AppUser counselor, string why)
    {
        report.History.Add(new ReportHistoryEntry { FromStatus = report.Status, ToStatus = ReportStatus.Rejected, At = at, ActorUserId = counselor.Id, ActorName = CounselorName, Note = why });
        report.Status = ReportStatus.Rejected;
        report.RejectionReason = why;
        report.ResolvedAt = at;
        report.UpdatedAt = at;
    }

    private static void Nudged(RegistryDbContext db, StudentCheck check, NudgeChannel channel, DateTime at, int byUserId)
    {
        db.Add(new Nudge { StudentCheck = check, Channel = channel, At = at, ByUserId = byUserId, Note = "电话提醒尽快登录核对" });
        check.LastNudgeAt = at;
        check.LastNudgeChannel = channel;
    }
}
