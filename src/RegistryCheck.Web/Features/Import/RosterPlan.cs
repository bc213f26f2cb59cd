using System.Globalization;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Web.Features.Import;

public enum RowKind
{
    New,
    Updated,
    Unchanged,
    Rejected,
    /// <summary>A new student without 学号 or 班级: listed in the preview, not imported (the account is the 学号).</summary>
    NeedsAssignment,
}

/// <summary>What the import will do with one row.</summary>
public sealed class RowPlan(RosterRecord record)
{
    public RosterRecord Record { get; } = record;
    public RowKind Kind { get; set; } = RowKind.Rejected;

    /// <summary>The student to insert (New) or the stored one with the row's values applied (Updated).</summary>
    public Student? Student { get; set; }

    public List<(RecordField Field, string Old, string New)> Changes { get; } = [];

    /// <summary>The roster gives another e-mail than the one the student entered: the student's is kept.</summary>
    public bool EmailKept { get; set; }

    /// <summary>The row looks like a 专升本 student (no 入学类别 given) and the student is not stored as one yet.</summary>
    public bool SuggestsUpgrade { get; set; }
}

/// <summary>
/// Validates all rows against each other and against the database, and works out what changes. The same code runs
/// for the preview and, again inside the commit's transaction, for the commit, so the commit applies what the
/// database holds at that moment. Everything is loaded in a few set queries, never one per row.
/// </summary>
public sealed class RosterPlan
{
    private readonly Dictionary<string, int> _collegeIds = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _collegeNames = [];
    private readonly Dictionary<(int College, string Name), int> _majorIds = [];
    private readonly Dictionary<int, string> _majorNames = [];
    /// <summary>Each major's code: as stored, or as the first imported row of this file gave it (with that row's number).</summary>
    private readonly Dictionary<int, (string Code, int FromRow)> _majorCodes = [];
    private readonly Dictionary<(int College, int Cohort, string Name), int> _classIds = [];
    private readonly Dictionary<int, string> _classNames = [];
    private readonly Dictionary<int, (int College, int Cohort)> _classKeys = [];
    private int _nextTempId = -1;

    public List<RowPlan> Rows { get; } = [];

    /// <summary>Units to create, by temporary (negative) id, in creation order.</summary>
    public List<(int TempId, string Name)> NewColleges { get; } = [];
    public List<(int TempId, int CollegeId, string Name)> NewMajors { get; } = [];
    public List<(int TempId, int CollegeId, int? MajorId, int Cohort, string Name)> NewClasses { get; } = [];

    /// <summary>专业代码 this import gives to majors that had none (existing ids and temporary ids of new majors).</summary>
    public Dictionary<int, string> MajorCodesGiven { get; } = [];

    public int Count(RowKind kind) => Rows.Count(r => r.Kind == kind);

    public string CollegeName(int id) => _collegeNames.GetValueOrDefault(id, "");

    public string MajorName(int id) => _majorNames.GetValueOrDefault(id, "");

    public string ClassName(int id) => _classNames.GetValueOrDefault(id, "");

    /// <param name="confirmUpgrade">
    /// The registrar confirmed the preview's 专升本 suggestions: those rows are imported as 专升本; without it they keep
    /// the stored type (an existing student) or get the default (a new one), never 专升本 silently.
    /// </param>
    public static async Task<RosterPlan> BuildAsync(
        RegistryDbContext db, IReadOnlyList<RosterRecord> records, bool createUnknown, string defaultSchoolName, DateTime now, CancellationToken ct,
        bool confirmUpgrade = false)
    {
        var plan = new RosterPlan();
        await plan.LoadUnitsAsync(db, ct);
        var owners = await Owners.LoadAsync(db, records, ct);
        FindDuplicates(records);
        foreach (var record in records)
        {
            var row = new RowPlan(record);
            plan.Rows.Add(row);
            if (!record.IsValid)
            {
                MissingAreProblems(record);
                continue;
            }

            owners.Check(record, out var student);
            if (record.Missing.Count > 0 && !plan.TakeStoredAssignment(record, student))
            {
                if (!record.IsValid)
                {
                    MissingAreProblems(record);
                    continue;
                }

                row.Kind = RowKind.NeedsAssignment;
                continue;
            }

            var units = plan.ResolveUnits(record, createUnknown);
            if (!record.IsValid || units is not { } u)
            {
                continue;
            }

            SuggestUpgrade(row, record, student, confirmUpgrade);
            if (student is null)
            {
                PlanNew(row, record, u, defaultSchoolName, now);
            }
            else
            {
                plan.PlanUpdate(row, student, record, u, now);
            }
        }

        plan.DropUnusedUnits();
        return plan;
    }

    /// <summary>A row refused for other reasons names the empty 学号 or 班级 too, so the registrar fixes everything at once.</summary>
    private static void MissingAreProblems(RosterRecord record)
    {
        foreach (var column in record.Missing)
        {
            record.Problems.Add(RowProblem.Of(column, null, "不能为空"));
        }
    }

    /// <summary>
    /// A row without 学号 or 班级 that matched a stored student (by 考生号 or 证件号码, when loading the owners) keeps the
    /// student's: the 学号 always, the class when the row leaves the student in the same college and 年级. False when
    /// there is no such student (a new one: listed as needing them) or the class cannot be kept (a problem of the row).
    /// </summary>
    private bool TakeStoredAssignment(RosterRecord record, Student? student)
    {
        if (student is null)
        {
            return false;
        }

        if (record.Missing.Contains(RosterColumn.Class))
        {
            var (college, cohort) = _classKeys.GetValueOrDefault(student.ClassId);
            if (!_collegeIds.TryGetValue(record.College, out var rowCollege) || rowCollege != college || cohort != record.Cohort)
            {
                record.Problems.Add(RowProblem.Of(RosterColumn.Class, null, "为空，而该生的学院或年级与已存的不同：请填写班级"));
                return false;
            }

            record.Class = ClassName(student.ClassId);
        }

        return true;
    }

    private static void SuggestUpgrade(RowPlan row, RosterRecord record, Student? stored, bool confirmed)
    {
        row.SuggestsUpgrade = record.UpgradeEvidence is not null && stored?.IntakeType != Data.Rules.IntakeTypes.UpgradeToBachelor;
        if (row.SuggestsUpgrade && confirmed)
        {
            record.IntakeType = Data.Rules.IntakeTypes.UpgradeToBachelor;
        }
    }

    private static void PlanNew(RowPlan row, RosterRecord record, (int College, int Major, int Class) units, string defaultSchoolName, DateTime now)
    {
        var student = new Student
        {
            StudentNumber = record.StudentNumber,
            Name = record.Name,
            Ethnicity = record.Ethnicity,
            IdNumber = record.IdNumber,
            SchoolName = defaultSchoolName,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Apply(student, record, units, isNew: true);
        row.Kind = RowKind.New;
        row.Student = student;
    }

    /// <summary>An existing student: the changes field by field; unchanged when the roster says what is stored.</summary>
    private void PlanUpdate(RowPlan row, Student student, RosterRecord record, (int College, int Major, int Class) units, DateTime now)
    {
        var before = Snapshot(student);
        var weComBefore = student.WeComUserId;
        row.EmailKept = record.Email is { } email && student.EmailByStudentAt is not null && email != student.Email;
        Apply(student, record, units, isNew: false);
        var after = Snapshot(student);
        foreach (var field in RecordSnapshot.DisplayOrder)
        {
            if (before[field] != after[field])
            {
                row.Changes.Add((field, before[field], after[field]));
            }
        }

        row.Student = student;
        var extrasChanged = before.Cohort != student.Cohort || before.IntakeType != student.IntakeType
            || before.Department != student.Department || before.Remark != student.Remark || weComBefore != student.WeComUserId;
        row.Kind = row.Changes.Count > 0 || extrasChanged ? RowKind.Updated : RowKind.Unchanged;
        if (row.Kind == RowKind.Updated)
        {
            student.UpdatedAt = now;
        }
    }

    /// <summary>Who already holds the roster's student numbers, ID numbers and exam numbers, and the staff user names.</summary>
    private sealed record Owners(
        Dictionary<string, Student> Existing, Dictionary<string, string> IdOwners, Dictionary<string, List<string>> ExamOwners, HashSet<string> StaffNames)
    {
        public static async Task<Owners> LoadAsync(RegistryDbContext db, IReadOnlyList<RosterRecord> records, CancellationToken ct)
        {
            var ids = records.Where(r => r.IdNumber.Length > 0).Select(r => r.IdNumber).Distinct().ToList();
            var exams = records.Where(r => r.ExamNumber is not null).Select(r => r.ExamNumber!).Distinct().ToList();

            // One JSON parameter per list: a 50,000-row roster would exceed SQLite's limit on separate parameters.
            var idOwners = (await db.Students.AsNoTracking().Where(s => EF.Parameter(ids).Contains(s.IdNumber))
                    .Select(s => new { s.IdNumber, s.StudentNumber }).ToListAsync(ct))
                .ToDictionary(s => s.IdNumber, s => s.StudentNumber, StringComparer.Ordinal);
            var examOwners = (await db.Students.AsNoTracking().Where(s => s.ExamNumber != null && EF.Parameter(exams).Contains(s.ExamNumber))
                    .Select(s => new { s.ExamNumber, s.StudentNumber }).ToListAsync(ct))
                .GroupBy(s => s.ExamNumber!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(s => s.StudentNumber).ToList(), StringComparer.Ordinal);
            TakeStoredNumbers(records, idOwners, examOwners);
            var numbers = records.Where(r => r.StudentNumber.Length > 0).Select(r => r.StudentNumber).Distinct().ToList();
            var existing = (await db.Students.AsNoTracking().Where(s => EF.Parameter(numbers).Contains(s.StudentNumber)).ToListAsync(ct))
                .ToDictionary(s => s.StudentNumber, StringComparer.Ordinal);
            var staffNames = (await db.Users.Where(u => u.StudentId == null && u.NormalizedUserName != null)
                .Select(u => u.NormalizedUserName!).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
            return new Owners(existing, idOwners, examOwners, staffNames);
        }

        /// <summary>
        /// A row without 学号 is the stored student its 考生号 or 证件号码 names. Both naming different students is a
        /// problem of the row: which one the file means is for the registrar to say.
        /// </summary>
        private static void TakeStoredNumbers(
            IReadOnlyList<RosterRecord> records, Dictionary<string, string> idOwners, Dictionary<string, List<string>> examOwners)
        {
            foreach (var r in records.Where(r => r.Missing.Contains(RosterColumn.StudentNumber)))
            {
                var byId = r.IdNumber.Length > 0 ? idOwners.GetValueOrDefault(r.IdNumber) : null;
                var byExam = r.ExamNumber is { } exam && examOwners.TryGetValue(exam, out var owners) && owners.Count == 1 ? owners[0] : null;
                if (byId is not null && byExam is not null && byId != byExam)
                {
                    r.Problems.Add(new("考生号与证件号码分属两名学生（学号 {0}、{1}）", byExam, byId));
                    continue;
                }

                if ((byId ?? byExam) is { } number)
                {
                    r.StudentNumber = number;
                    r.Missing.Remove(RosterColumn.StudentNumber);
                }
            }
        }

        /// <summary>A number that belongs to someone else is a problem of the row; gives the stored student, if any.</summary>
        public void Check(RosterRecord record, out Student? student)
        {
            if (IdOwners.TryGetValue(record.IdNumber, out var owner) && owner != record.StudentNumber)
            {
                record.Problems.Add(RowProblem.Of(RosterColumn.IdNumber, record.IdNumber, "已属于另一名学生（学号 {0}）", owner));
            }

            if (record.ExamNumber is not null && ExamOwners.TryGetValue(record.ExamNumber, out var examOwner)
                && examOwner.Any(o => o != record.StudentNumber))
            {
                record.Problems.Add(RowProblem.Of(RosterColumn.ExamNumber, record.ExamNumber, "已属于另一名学生（学号 {0}）", examOwner.First(o => o != record.StudentNumber)));
            }

            Existing.TryGetValue(record.StudentNumber, out student);
            if (student is null && StaffNames.Contains(record.StudentNumber.ToUpperInvariant()))
            {
                record.Problems.Add(RowProblem.Of(RosterColumn.StudentNumber, record.StudentNumber, "与一个工作人员账号的用户名相同"));
            }
        }
    }

    /// <summary>Gives the units created in this transaction their real ids and moves the students onto them.</summary>
    public void ResolveCreated(Dictionary<int, int> realIds)
    {
        foreach (var row in Rows.Where(r => r.Student is not null))
        {
            var s = row.Student!;
            s.CollegeId = realIds.GetValueOrDefault(s.CollegeId, s.CollegeId);
            s.MajorId = realIds.GetValueOrDefault(s.MajorId, s.MajorId);
            s.ClassId = realIds.GetValueOrDefault(s.ClassId, s.ClassId);
        }
    }

    private static void Apply(Student s, RosterRecord r, (int College, int Major, int Class) units, bool isNew)
    {
        s.Name = r.Name;
        s.Gender = r.Gender;
        s.BirthDate = r.BirthDate;
        s.Ethnicity = r.Ethnicity;
        s.IdNumber = r.IdNumber;
        s.PoliticalStatus = r.PoliticalStatus ?? s.PoliticalStatus;
        s.IdType = r.IdType ?? s.IdType;
        s.ExamNumber = r.ExamNumber ?? s.ExamNumber;
        s.SchoolName = r.SchoolName ?? s.SchoolName;
        s.Level = r.Level ?? s.Level;
        s.CollegeId = units.College;
        s.MajorId = units.Major;
        s.ClassId = units.Class;
        s.LengthOfStudyTenths = r.LengthOfStudyTenths ?? s.LengthOfStudyTenths;
        s.StudyForm = r.StudyForm ?? s.StudyForm;
        s.EducationCategory = r.EducationCategory ?? s.EducationCategory;
        s.EnrollmentDate = r.EnrollmentDate;
        s.RegistryStatus = r.RegistryStatus ?? s.RegistryStatus;
        s.Phone = r.Phone ?? s.Phone;
        // The student's own e-mail (entered on the record page, or cleared there) is theirs: the roster never replaces it.
        if (s.EmailByStudentAt is null)
        {
            s.Email = r.Email ?? s.Email;
        }

        s.WeComUserId = r.WeComUserId ?? s.WeComUserId;
        s.Cohort = r.Cohort;
        s.IntakeType = r.IntakeType ?? s.IntakeType;
        s.Department = r.Department ?? s.Department;
        s.Remark = r.Remark ?? s.Remark;
        if (r.ExpectedGraduationDate is { } graduation)
        {
            s.ExpectedGraduationDate = graduation;
        }
        else if (isNew)
        {
            // Chinese universities graduate in July of the last year of study (a 2.5-year programme ends in the third).
            s.ExpectedGraduationDate = new DateOnly(r.EnrollmentDate.Year + (s.LengthOfStudyTenths + 9) / 10, 7, 1);
        }
    }

    private sealed class Texts(Dictionary<RecordField, string> values, int cohort, string intakeType, string? department, string? remark)
    {
        public string this[RecordField f] => values[f];
        public int Cohort { get; } = cohort;
        public string IntakeType { get; } = intakeType;
        public string? Department { get; } = department;
        public string? Remark { get; } = remark;
    }

    private Texts Snapshot(Student s) => new(
        RecordSnapshot.DisplayOrder.ToDictionary(f => f, f => Truncate(RecordSnapshot.ValueOf(s, f, CollegeName(s.CollegeId), MajorName(s.MajorId), ClassName(s.ClassId)))),
        s.Cohort, s.IntakeType, s.Department, s.Remark);

    private static string Truncate(string value) => value.Length <= FieldLengths.FieldValue ? value : value[..FieldLengths.FieldValue];

    private (int College, int Major, int Class)? ResolveUnits(RosterRecord r, bool createUnknown)
    {
        if (!_collegeIds.TryGetValue(r.College, out var college))
        {
            if (!createUnknown)
            {
                r.Problems.Add(RowProblem.Of(RosterColumn.College, r.College, "不存在（可勾选“自动新建”后重新上传）"));
                return null;
            }

            college = _nextTempId--;
            _collegeIds[r.College] = college;
            _collegeNames[college] = r.College;
            NewColleges.Add((college, r.College));
        }

        if (!_majorIds.TryGetValue((college, r.Major), out var major))
        {
            if (!createUnknown)
            {
                r.Problems.Add(RowProblem.Of(RosterColumn.Major, r.Major, "不在院系“{0}”中（可勾选“自动新建”后重新上传）", r.College));
                return null;
            }

            major = _nextTempId--;
            _majorIds[(college, r.Major)] = major;
            _majorNames[major] = r.Major;
            NewMajors.Add((major, college, r.Major));
        }

        if (!_classIds.TryGetValue((college, r.Cohort, r.Class), out var cls))
        {
            if (!createUnknown)
            {
                r.Problems.Add(RowProblem.Of(RosterColumn.Class, r.Class, "不在院系“{0}”的 {1} 级中（可勾选“自动新建”后重新上传）", r.College, r.Cohort.ToString(CultureInfo.InvariantCulture)));
                return null;
            }

            cls = _nextTempId--;
            _classIds[(college, r.Cohort, r.Class)] = cls;
            _classNames[cls] = r.Class;
            NewClasses.Add((cls, college, major, r.Cohort, r.Class));
        }

        return CheckMajorCode(r, major) ? (college, major, cls) : null;
    }

    /// <summary>
    /// 专业代码 is the major's, not the row's: a major without a code takes the first one the file gives; a row whose code
    /// differs from the major's is refused, because the student would be handed back to CHSI under the other code.
    /// The registrar corrects the file (or the major) and imports again; nothing is overwritten silently.
    /// </summary>
    private bool CheckMajorCode(RosterRecord r, int major)
    {
        if (r.MajorCode is not { } code)
        {
            return true;
        }

        if (!_majorCodes.TryGetValue(major, out var known))
        {
            _majorCodes[major] = (code, r.Row);
            MajorCodesGiven[major] = code;
            return true;
        }

        if (known.Code == code)
        {
            return true;
        }

        r.Problems.Add(known.FromRow == 0
            ? RowProblem.Of(RosterColumn.MajorCode, code, "与专业“{0}”已登记的代码“{1}”不一致", r.Major, known.Code)
            : RowProblem.Of(RosterColumn.MajorCode, code, "与第 {0} 行给专业“{1}”的代码“{2}”不一致", known.FromRow.ToString(CultureInfo.InvariantCulture), r.Major, known.Code));
        return false;
    }

    // A unit is created only for a row that is imported: a rejected row's typo must not leave an empty class behind.
    private void DropUnusedUnits()
    {
        var used = Rows.Where(r => r.Student is not null && r.Kind is RowKind.New or RowKind.Updated)
            .SelectMany(r => new[] { r.Student!.CollegeId, r.Student.MajorId, r.Student.ClassId })
            .Where(id => id < 0)
            .ToHashSet();
        var usedClasses = NewClasses.Where(c => used.Contains(c.TempId)).ToList();
        foreach (var c in usedClasses)
        {
            used.Add(c.CollegeId);
            if (c.MajorId is int m)
            {
                used.Add(m);
            }
        }

        foreach (var m in NewMajors.Where(m => used.Contains(m.TempId)).ToList())
        {
            used.Add(m.CollegeId);
        }

        NewColleges.RemoveAll(c => !used.Contains(c.TempId));
        NewMajors.RemoveAll(m => !used.Contains(m.TempId));
        NewClasses.RemoveAll(c => !used.Contains(c.TempId));
        foreach (var id in MajorCodesGiven.Keys.Where(id => id < 0 && !used.Contains(id)).ToList())
        {
            MajorCodesGiven.Remove(id);
        }
    }

    private async Task LoadUnitsAsync(RegistryDbContext db, CancellationToken ct)
    {
        foreach (var c in await db.Colleges.AsNoTracking().Select(c => new { c.Id, c.Name }).ToListAsync(ct))
        {
            _collegeIds[c.Name] = c.Id;
            _collegeNames[c.Id] = c.Name;
        }

        foreach (var m in await db.Majors.AsNoTracking().Select(m => new { m.Id, m.CollegeId, m.Name, m.Code }).ToListAsync(ct))
        {
            _majorIds[(m.CollegeId, m.Name)] = m.Id;
            _majorNames[m.Id] = m.Name;
            if (!string.IsNullOrEmpty(m.Code))
            {
                _majorCodes[m.Id] = (m.Code, 0);
            }
        }

        foreach (var c in await db.Classes.AsNoTracking().Select(c => new { c.Id, c.CollegeId, c.Cohort, c.Name }).ToListAsync(ct))
        {
            _classIds[(c.CollegeId, c.Cohort, c.Name)] = c.Id;
            _classNames[c.Id] = c.Name;
            _classKeys[c.Id] = (c.CollegeId, c.Cohort);
        }
    }

    // Every row that shares a 学号, 证件号码 or 考生号 with another row is rejected: which of them is right is
    // for the registrar to decide, not for the order of the file.
    private static void FindDuplicates(IReadOnlyList<RosterRecord> records)
    {
        void Check(RosterColumn column, Func<RosterRecord, string?> key)
        {
            foreach (var group in records.Where(r => key(r) is { Length: > 0 }).GroupBy(r => key(r)!, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                foreach (var r in group)
                {
                    var others = string.Join(", ", group.Where(o => o != r).Select(o => o.Row.ToString(CultureInfo.InvariantCulture)).Take(5));
                    r.Problems.Add(RowProblem.Of(column, key(r), "与第 {0} 行重复", others));
                }
            }
        }

        Check(RosterColumn.StudentNumber, r => r.StudentNumber);
        Check(RosterColumn.IdNumber, r => r.IdNumber);
        Check(RosterColumn.ExamNumber, r => r.ExamNumber);
    }
}
