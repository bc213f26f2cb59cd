using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Database;
using RegistryCheck.Web.Infrastructure.Files;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Infrastructure.Seeding;

/// <summary>
/// The demo university for the embedded database: two colleges, four classes, forty students from
/// seeds/demo-roster.csv with generated admission photos, an open 2026级 campaign whose deadline is fourteen
/// days after the first run, and the staff accounts README lists. With <see cref="DatabaseOptions.SeedDemoProgress"/>
/// (on unless a test host turns it off) also the notice's situation, see <see cref="DemoProgress"/>: a 专升本 class in
/// its own campaign whose 学信网 check is open, and students at every state of both checks. Runs once: an existing
/// college means done.
/// </summary>
public sealed class DemoSeeder(
    RegistryDbContext db, UserManager<AppUser> users, RoleManager<AppRole> roles, CampaignClock clock, DatabaseOptions options,
    ILogger<DemoSeeder> logger)
{
    public const int DemoCohort = 2026;
    public const string SchoolName = "示范大学";

    /// <summary>Demo staff: user name, password, display name, role, and the scope's college or class name.</summary>
    public static readonly (string User, string Password, string Name, string Role, string? College, string[] Classes)[] Staff =
    [
        ("admin", "Admin@2026", "系统管理员", Roles.Administrator, null, []),
        ("registrar", "Registrar@2026", "学籍管理科", Roles.Registrar, null, []),
        ("college", "College@2026", "经济学院教务员", Roles.CollegeAdmin, "经济学院", []),
        ("counselor", "Counselor@2026", "经济学院辅导员", Roles.Counselor, null, ["2026级经济学1班", "2026级经济学2班", DemoProgress.UpgradeClass]),
        ("college2", "College2@2026", "信息学院教务员", Roles.CollegeAdmin, "信息科学与工程学院", []),
        ("counselor2", "Counselor2@2026", "信息学院辅导员", Roles.Counselor, null, ["2026级计算机科学与技术1班", "2026级软件工程1班"]),
    ];

    /// <summary>Students left without a photo, so the photo report has something to show.</summary>
    private static readonly HashSet<string> WithoutPhoto = ["2026020019", "2026020020"];

    public async Task SeedAsync(CancellationToken ct = default)
    {
        await RoleBootstrap.EnsureRolesAsync(roles);
        if (await db.Colleges.AnyAsync(ct))
        {
            return;
        }

        var now = clock.UtcNow;
        var rows = ReadRoster("Seeds/demo-roster.csv");
        var upgradeRows = options.SeedDemoProgress ? ReadRoster("Seeds/demo-upgrade-roster.csv") : [];
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var units = AddUnits([.. rows, .. upgradeRows]);
        var campaign = AddCampaign(now);
        var checks = AddStudents(rows, units, campaign, now, photoOffset: 0);
        await db.SaveChangesAsync(ct);
        var staff = await AddStaffAsync(units, now);
        await db.SaveChangesAsync(ct);
        if (options.SeedDemoProgress)
        {
            var upgrade = DemoProgress.AddUpgradeCampaign(db, clock, now);
            var upgradeChecks = AddStudents(upgradeRows, units, upgrade, now, photoOffset: rows.Count);
            DemoProgress.AnnounceXuexin(campaign, clock, now);
            DemoProgress.Apply(db, checks, upgradeChecks, staff, now);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        logger.LogInformation("Seeded the demo university: {Students} students, {Staff} staff accounts", rows.Count + upgradeRows.Count, Staff.Length);
    }

    private sealed record DemoUnits(
        Dictionary<string, College> Colleges, Dictionary<(string College, string Major), Major> Majors, Dictionary<string, SchoolClass> Classes);

    /// <summary>The colleges, majors and classes the roster names.</summary>
    private DemoUnits AddUnits(List<Dictionary<string, string>> rows)
    {
        var colleges = rows.Select(r => r["学院"]).Distinct().ToDictionary(n => n, n => new College { Name = n });
        db.Colleges.AddRange(colleges.Values);
        var majors = rows.Select(r => (College: r["学院"], Major: r["专业"])).Distinct()
            .ToDictionary(k => k, k => new Major { Name = k.Major, College = colleges[k.College] });
        db.Majors.AddRange(majors.Values);
        var classes = rows.Select(r => (College: r["学院"], Major: r["专业"], Class: r["班级"])).Distinct()
            .ToDictionary(k => k.Class, k => new SchoolClass { Name = k.Class, Cohort = DemoCohort, College = colleges[k.College], Major = majors[(k.College, k.Major)] });
        db.Classes.AddRange(classes.Values);
        return new DemoUnits(colleges, majors, classes);
    }

    private Campaign AddCampaign(DateTime now)
    {
        var campaign = new Campaign
        {
            Name = "2026级新生学籍信息核对",
            Cohort = DemoCohort,
            OpensAt = now.AddDays(-1),
            // The end of the local day fourteen days from the first run.
            Deadline = clock.ToUtc(clock.ToLocal(now).Date.AddDays(15).AddSeconds(-1)),
            // The colleges' summary deadline (汇总截止) a week later, as the create form proposes.
            SummaryDeadline = clock.ToUtc(clock.ToLocal(now).Date.AddDays(22).AddSeconds(-1)),
            CreatedAt = now,
        };
        db.Campaigns.Add(campaign);
        return campaign;
    }

    /// <summary>Every roster row: the student, the account (initial password), the check and, for most, a photo.</summary>
    private Dictionary<string, StudentCheck> AddStudents(List<Dictionary<string, string>> rows, DemoUnits units, Campaign campaign, DateTime now, int photoOffset)
    {
        var index = photoOffset;
        var checks = new Dictionary<string, StudentCheck>();
        foreach (var r in rows)
        {
            var student = NewStudent(r, units, now);
            db.Students.Add(student);
            db.Users.Add(StudentAccounts.NewAccount(student, now));
            var check = new StudentCheck { Campaign = campaign, Student = student, StateChangedAt = now };
            db.StudentChecks.Add(check);
            checks[student.StudentNumber] = check;
            if (!WithoutPhoto.Contains(student.StudentNumber))
            {
                var photo = DemoPhotoGenerator.CreateJpeg(index);
                db.AdmissionPhotos.Add(new AdmissionPhoto
                {
                    Student = student, Content = photo, ContentType = FileContentTypes.Jpeg, Width = DemoPhotoGenerator.Width,
                    Height = DemoPhotoGenerator.Height, SizeBytes = photo.Length, IsCurrent = true, UploadedAt = now,
                    SourceFileName = student.ExamNumber + ".jpg",
                });
            }

            index++;
        }

        return checks;
    }

    /// <summary>Every value goes through its field's rule, as an import's would: the demo must be valid under the rules it shows.</summary>
    private static Student NewStudent(Dictionary<string, string> r, DemoUnits units, DateTime now)
    {
        var today = DateOnly.FromDateTime(now);
        string Valid(RecordField field, string column) => FieldRules.For(field).Check(r[column], new FieldContext(today, IdType: r["证件类型"]))
            is { IsValid: true } check ? check.Value! : throw new InvalidDataException($"Demo roster row {r["学号"]}: {column} breaks its rule.");
        var id = IdNumber.ParseFor(r["证件类型"], r["证件号码"], today);
        var enrolled = DateOnly.ParseExact(r["入学日期"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var tenths = LengthOfStudy.Parse(r["学制"]) ?? throw new InvalidDataException($"Demo roster row {r["学号"]} has an invalid 学制.");
        return new Student
        {
            StudentNumber = Valid(RecordField.StudentNumber, "学号"),
            ExamNumber = Valid(RecordField.ExamNumber, "考生号"),
            Name = Valid(RecordField.Name, "姓名"),
            Gender = id.Gender,
            BirthDate = id.BirthDate,
            Ethnicity = Valid(RecordField.Ethnicity, "民族"),
            PoliticalStatus = Valid(RecordField.PoliticalStatus, "政治面貌"),
            IdType = Valid(RecordField.IdType, "证件类型"),
            IdNumber = id.Value ?? throw new InvalidDataException($"Demo roster row {r["学号"]} has an invalid ID number."),
            SchoolName = SchoolName,
            Level = Valid(RecordField.Level, "层次"),
            College = units.Colleges[r["学院"]],
            Major = units.Majors[(r["学院"], r["专业"])],
            Class = units.Classes[r["班级"]],
            LengthOfStudyTenths = tenths,
            StudyForm = Valid(RecordField.StudyForm, "学习形式"),
            EnrollmentDate = enrolled,
            // 学制 4 graduates in the July four years on; a 专升本 student's 学制 2 two years on.
            ExpectedGraduationDate = enrolled.AddMonths(tenths * 12 / 10 - 2),
            IntakeType = IntakeTypes.Normalize(r.GetValueOrDefault("入学类别")) ?? IntakeTypes.Regular,
            Phone = Valid(RecordField.Phone, "联系电话"),
            // Issue 17's demo addresses: the e-mail channel has somewhere to send (example.edu.cn never delivers).
            Email = r["学号"] + "@stu.example.edu.cn",
            Cohort = DemoCohort,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>The demo staff accounts of the README, with their roles and scopes; returned by user name.</summary>
    private async Task<Dictionary<string, AppUser>> AddStaffAsync(DemoUnits units, DateTime now)
    {
        var created = new Dictionary<string, AppUser>();
        foreach (var s in Staff)
        {
            var user = new AppUser { UserName = s.User, DisplayName = s.Name, Email = s.User + "@example.edu.cn", CreatedAt = now, LockoutEnabled = false };
            // Hashed directly: the demo passwords README lists predate the 12-character rule for staff and keep working.
            user.PasswordHash = users.PasswordHasher.HashPassword(user, s.Password);
            var result = await users.CreateAsync(user);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo staff {s.User}: {string.Join("; ", result.Errors.Select(e => e.Code))}");
            }

            await users.AddToRoleAsync(user, s.Role);
            created[s.User] = user;
            if (s.College is not null)
            {
                db.StaffScopes.Add(new StaffScope { UserId = user.Id, CollegeId = units.Colleges[s.College].Id });
            }

            // The 专升本 class exists only with the demo progress.
            db.StaffScopes.AddRange(s.Classes.Where(units.Classes.ContainsKey).Select(c => new StaffScope { UserId = user.Id, ClassId = units.Classes[c].Id }));
        }

        return created;
    }

    private static List<Dictionary<string, string>> ReadRoster(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException("The demo roster is not embedded.");
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine()!.Split(',');
        var rows = new List<Dictionary<string, string>>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var cells = line.Split(',');
            rows.Add(header.Select((h, i) => (h, v: cells[i].Trim())).ToDictionary(x => x.h, x => x.v));
        }

        return rows;
    }
}
