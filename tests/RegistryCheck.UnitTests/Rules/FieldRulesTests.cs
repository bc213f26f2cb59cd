using System.Reflection;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Configurations;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.UnitTests.Localization;

namespace RegistryCheck.UnitTests.Rules;

/// <summary>The one table of field rules: every field has a rule, and each rule does what the import, the form and the decision rely on.</summary>
public class FieldRulesTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);
    private static readonly FieldContext Strict = new(Today);
    private static readonly FieldContext Import = new(Today, FromImport: true);

    private static FieldCheck Check(RecordField field, string? text, FieldContext? context = null) => FieldRules.For(field).Check(text, context ?? Strict);

    [Fact]
    public void Every_record_field_has_exactly_one_rule_with_both_labels()
    {
        foreach (var field in Enum.GetValues<RecordField>())
        {
            var rule = FieldRules.For(field);
            Assert.Equal(field, rule.Field);
            Assert.False(string.IsNullOrWhiteSpace(rule.Label));
            Assert.False(string.IsNullOrWhiteSpace(rule.LabelEn));
        }

        Assert.Equal(Enum.GetValues<RecordField>().Length, FieldRules.All.Count());
    }

    [Fact]
    public void The_English_label_in_the_table_is_the_one_the_portal_shows()
    {
        var english = XDocument.Load(Path.Combine(SourceTree.Web, "Resources", "SharedResource.en.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");
        foreach (var rule in FieldRules.All)
        {
            Assert.True(english.TryGetValue(rule.Label, out var shown), $"No English for {rule.Label}");
            Assert.Equal(rule.LabelEn, shown);
        }
    }

    [Fact]
    public void Each_rules_length_is_the_length_of_its_column_in_the_EF_model()
    {
        var options = new DbContextOptionsBuilder<RegistryDbContext>().UseSqlite("Data Source=:memory:").Options;
        using var db = new RegistryDbContext(options);
        var student = db.Model.FindEntityType(typeof(Student))!;
        var columns = new Dictionary<RecordField, string>
        {
            [RecordField.Name] = nameof(Student.Name), [RecordField.Ethnicity] = nameof(Student.Ethnicity),
            [RecordField.PoliticalStatus] = nameof(Student.PoliticalStatus), [RecordField.IdType] = nameof(Student.IdType),
            [RecordField.IdNumber] = nameof(Student.IdNumber), [RecordField.ExamNumber] = nameof(Student.ExamNumber),
            [RecordField.StudentNumber] = nameof(Student.StudentNumber), [RecordField.SchoolName] = nameof(Student.SchoolName),
            [RecordField.Level] = nameof(Student.Level), [RecordField.StudyForm] = nameof(Student.StudyForm),
            [RecordField.EducationCategory] = nameof(Student.EducationCategory), [RecordField.RegistryStatus] = nameof(Student.RegistryStatus),
            [RecordField.Phone] = nameof(Student.Phone), [RecordField.Email] = nameof(Student.Email), [RecordField.FormerName] = nameof(Student.FormerName),
        };
        foreach (var (field, column) in columns)
        {
            Assert.Equal(student.FindProperty(column)!.GetMaxLength(), FieldRules.For(field).MaxLength);
        }

        Assert.Equal(FieldLengths.OrgName, db.Model.FindEntityType(typeof(College))!.FindProperty(nameof(College.Name))!.GetMaxLength());
        Assert.Equal(FieldLengths.OrgName, FieldRules.For(RecordField.College).MaxLength);
        // Every proposed value fits the report's own column.
        Assert.All(FieldRules.All, r => Assert.True(r.MaxLength <= FieldLengths.FieldValue, r.Field.ToString()));
    }

    [Theory]
    [InlineData("火星族")]
    [InlineData("汉")]
    [InlineData("Han")]
    public void The_form_refuses_an_ethnicity_outside_GB_T_3304_and_names_it(string typed)
    {
        var check = Check(RecordField.Ethnicity, typed);
        Assert.False(check.IsValid);
        Assert.Equal(FieldMessages.NotInTable, check.Message);
        Assert.Equal(["民族", typed], check.Args);
    }

    [Theory]
    [InlineData("汉族", "汉族")]
    [InlineData("汉 族", "汉族")]
    [InlineData("漢族", "汉族")]
    [InlineData("穿青人", "穿青人")]
    [InlineData("外国血统中国籍人士", "外国血统中国籍人士")]
    [InlineData("维吾尔族", "维吾尔族")]
    public void The_form_accepts_the_tables_values_in_their_own_spelling(string typed, string stored) =>
        Assert.Equal(stored, Check(RecordField.Ethnicity, typed).Value);

    [Theory]
    [InlineData(RecordField.Ethnicity, "汉", "汉族")]
    [InlineData(RecordField.Ethnicity, "01", "汉族")]
    [InlineData(RecordField.Ethnicity, "维族", "维吾尔族")]
    [InlineData(RecordField.Ethnicity, "蒙古", "蒙古族")]
    [InlineData(RecordField.Ethnicity, "98", "外国血统中国籍人士")]
    [InlineData(RecordField.PoliticalStatus, "团员", "共青团员")]
    [InlineData(RecordField.PoliticalStatus, "中国共产主义青年团团员", "共青团员")]
    [InlineData(RecordField.PoliticalStatus, "党员", "中共党员")]
    [InlineData(RecordField.PoliticalStatus, "13", "群众")]
    [InlineData(RecordField.Gender, "男性", "男")]
    [InlineData(RecordField.Gender, "F", "女")]
    [InlineData(RecordField.Gender, "2", "女")]
    [InlineData(RecordField.IdType, "身份证", "居民身份证")]
    [InlineData(RecordField.Level, "专科（高职）", "专科")]
    [InlineData(RecordField.EducationCategory, "普通", "普通高等教育")]
    [InlineData(RecordField.RegistryStatus, "在籍(注册学籍)", "在籍（注册学籍）")]
    [InlineData(RecordField.RegistryStatus, "在籍", "在籍（注册学籍）")]
    public void The_import_maps_the_usual_variants_and_says_what_it_mapped(RecordField field, string typed, string stored)
    {
        var check = Check(field, typed, Import);
        Assert.True(check.IsValid, check.Message);
        Assert.Equal(stored, check.Value);
        Assert.Equal(typed, check.MappedFrom);
    }

    [Fact]
    public void A_value_already_in_the_table_is_not_reported_as_mapped() =>
        Assert.Null(Check(RecordField.Ethnicity, "汉族", Import).MappedFrom);

    [Fact]
    public void The_political_status_table_is_GB_T_4762_in_CHSIs_short_forms()
    {
        Assert.Equal(
            ["中共党员", "中共预备党员", "共青团员", "民革会员", "民盟盟员", "民建会员", "民进会员", "农工党党员", "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众"],
            CodeTables.PoliticalStatus.Values);
        Assert.Equal(59, CodeTables.Ethnicity.Entries.Count);
        Assert.Equal(56, CodeTables.Ethnicity.Entries.Count(e => e.Code is { Length: 2 } c && int.Parse(c) <= 56));
    }

    [Fact]
    public void An_overlong_political_status_is_refused_with_a_message_and_a_short_quote()
    {
        var check = Check(RecordField.PoliticalStatus, new string('党', 120));
        Assert.False(check.IsValid);
        Assert.Equal(FieldMessages.NotInTable, check.Message);
        Assert.True(check.Args[1].Length <= 21);
    }

    [Fact]
    public void A_free_text_value_longer_than_its_column_is_refused_with_the_columns_length()
    {
        var check = Check(RecordField.SchoolName, new string('校', FieldLengths.OrgName + 1));
        Assert.Equal(FieldMessages.TooLong, check.Message);
        Assert.Equal(["学校名称", "100"], check.Args);
        Assert.Equal(FieldMessages.NameTooLong, Check(RecordField.Name, new string('名', 51)).Message);
        Assert.True(Check(RecordField.Name, new string('名', 50)).IsValid);
    }

    [Fact]
    public void Names_are_normalised_as_the_name_rule_says()
    {
        Assert.Equal("买买提·艾力", Check(RecordField.Name, "买买提・艾力").Value);
        Assert.Equal("李明", Check(RecordField.Name, " 李 明 ").Value);
        Assert.Equal(FieldMessages.Required, Check(RecordField.Name, "   ").Message);
    }

    [Theory]
    [InlineData("4", 40, "4")]
    [InlineData("4.0", 40, "4")]
    [InlineData("4年", 40, "4")]
    [InlineData("2.5", 25, "2.5")]
    [InlineData("１.５", 15, "1.5")]
    [InlineData("8", 80, "8")]
    [InlineData("1", 10, "1")]
    public void Length_of_study_is_tenths_of_a_year_in_half_year_steps(string typed, int tenths, string shown)
    {
        Assert.Equal(tenths, LengthOfStudy.Parse(typed));
        Assert.Equal(shown, LengthOfStudy.Format(tenths));
        Assert.Equal(shown, Check(RecordField.LengthOfStudy, typed).Value);
    }

    [Theory]
    [InlineData("0.5")]
    [InlineData("8.5")]
    [InlineData("2.3")]
    [InlineData("四年")]
    [InlineData("-4")]
    public void Length_of_study_outside_1_to_8_or_off_the_half_year_is_refused(string typed)
    {
        Assert.Null(LengthOfStudy.Parse(typed));
        Assert.Equal(FieldMessages.LengthOfStudy, Check(RecordField.LengthOfStudy, typed).Message);
    }

    [Theory]
    [InlineData("2008-03-15", "2008-03-15")]
    [InlineData("2008/3/15", "2008-03-15")]
    [InlineData("20080315", "2008-03-15")]
    [InlineData("2008年3月15日", "2008-03-15")]
    public void Dates_are_stored_as_the_registry_writes_them(string typed, string stored) =>
        Assert.Equal(stored, Check(RecordField.BirthDate, typed).Value);

    [Fact]
    public void A_birth_date_after_today_or_an_impossible_date_is_refused()
    {
        Assert.Equal(FieldMessages.DateInFuture, Check(RecordField.BirthDate, "2027-01-01").Message);
        Assert.Equal(FieldMessages.InvalidDate, Check(RecordField.BirthDate, "2008-02-30").Message);
        // A serial number is a date only as an xlsx cell in an import.
        Assert.Equal(FieldMessages.InvalidDate, Check(RecordField.EnrollmentDate, "46266").Message);
        Assert.Equal("2026-09-01", Check(RecordField.EnrollmentDate, "46266", Import).Value);
    }

    [Theory]
    [InlineData("2026 0100 01", "2026010001")]
    [InlineData("２０２６ab", "2026ab")]
    public void Student_numbers_are_normalised_like_sign_in_input(string typed, string stored) =>
        Assert.Equal(stored, Check(RecordField.StudentNumber, typed).Value);

    [Fact]
    public void Student_and_exam_numbers_hold_letters_and_digits_only()
    {
        Assert.Equal(FieldMessages.LettersAndDigits, Check(RecordField.StudentNumber, "2026-01").Message);
        Assert.Equal(FieldMessages.LettersAndDigits, Check(RecordField.ExamNumber, "26/43").Message);
    }

    [Theory]
    [InlineData("138 0731 0001", "13807310001")]
    [InlineData("138-0731-0001", "13807310001")]
    [InlineData("+86 138 0731 0001", "13807310001")]
    [InlineData("0086 13807310001", "13807310001")]
    [InlineData("１３８０７３１０００１", "13807310001")]
    [InlineData("+852 9123 4567", "+85291234567")]
    [InlineData("+886 912-345-678", "+886912345678")]
    [InlineData("00853 6612 3456", "+85366123456")]
    [InlineData("+1 (415) 555-0100", "+14155550100")]
    public void Phone_numbers_are_mainland_mobiles_or_international_numbers(string typed, string stored) =>
        Assert.Equal(stored, Check(RecordField.Phone, typed).Value);

    [Theory]
    [InlineData("12807310001")]
    [InlineData("1380731000")]
    [InlineData("0731-88880000")]
    [InlineData("+86 731 8888 0000")]
    [InlineData("+0 123456789")]
    [InlineData("138073100011")]
    [InlineData("call me")]
    public void Other_phone_numbers_are_refused(string typed) =>
        Assert.Equal(FieldMessages.Phone, Check(RecordField.Phone, typed).Message);

    [Theory]
    [InlineData("xiaoming@QQ.com", "xiaoming@qq.com")]
    [InlineData(" li.ming@163.com ", "li.ming@163.com")]
    [InlineData("ｌｉ＠１２６．ｃｏｍ", "li@126.com")]
    public void E_mail_addresses_are_normalised(string typed, string stored) =>
        Assert.Equal(stored, Check(RecordField.Email, typed).Value);

    [Theory]
    [InlineData("li@localhost")]
    [InlineData("li@@qq.com")]
    [InlineData("李明 <li@qq.com>")]
    [InlineData("li@qq..com")]
    [InlineData("@qq.com")]
    public void Malformed_e_mail_addresses_are_refused(string typed) =>
        Assert.Equal(FieldMessages.Email, Check(RecordField.Email, typed).Message);

    [Fact]
    public void Only_contact_details_are_edited_directly_and_only_the_issues_fields_need_provincial_approval()
    {
        Assert.Equal([RecordField.Phone, RecordField.Email], FieldRules.All.Where(r => r.StudentEditsDirectly).Select(r => r.Field).Order());
        Assert.Equal(
            new[] { RecordField.Name, RecordField.Gender, RecordField.BirthDate, RecordField.IdNumber, RecordField.Level, RecordField.Major, RecordField.LengthOfStudy, RecordField.StudyForm }.Order(),
            FieldRules.All.Where(r => r.NeedsProvincialApproval).Select(r => r.Field).Order());
        Assert.All(FieldRules.All.Where(r => r.StudentEditsDirectly), r => Assert.False(r.Reportable));
        Assert.False(FieldRules.For(RecordField.FormerName).Reportable);
    }

    [Fact]
    public void Every_code_field_offers_its_table_as_the_forms_choice()
    {
        foreach (var field in new[] { RecordField.Gender, RecordField.Ethnicity, RecordField.PoliticalStatus, RecordField.IdType, RecordField.Level,
                     RecordField.StudyForm, RecordField.EducationCategory, RecordField.RegistryStatus })
        {
            var rule = FieldRules.For(field);
            Assert.Equal(FieldInput.Choice, rule.Input);
            Assert.NotNull(rule.Choices);
            Assert.All(rule.Choices!.Values, v => Assert.Equal(v, rule.Check(v, Strict).Value));
            Assert.All(rule.Choices.Values, v => Assert.True(v.Length <= rule.MaxLength, v));
        }
    }

    [Fact]
    public void Applying_a_checked_value_writes_the_record_and_displays_the_same_text()
    {
        var s = new Student { StudentNumber = "1", Name = "甲", Ethnicity = "汉族", IdNumber = "11010519491231002X" };
        foreach (var (field, typed) in new (RecordField, string)[]
                 {
                     (RecordField.Gender, "女"), (RecordField.BirthDate, "2008-03-15"), (RecordField.Ethnicity, "回族"), (RecordField.PoliticalStatus, "共青团员"),
                     (RecordField.LengthOfStudy, "2.5"), (RecordField.Phone, "+85291234567"), (RecordField.Email, "a@b.cn"), (RecordField.Name, "李明"),
                     (RecordField.RegistryStatus, "休学"), (RecordField.ExpectedGraduationDate, "2030-07-01"),
                 })
        {
            var rule = FieldRules.For(field);
            var value = rule.Check(typed, Strict).Value!;
            rule.Apply(s, value);
            Assert.Equal(value, rule.Display(s));
        }

        Assert.Equal(25, s.LengthOfStudyTenths);
        Assert.Equal(Gender.Female, s.Gender);
        Assert.Throws<InvalidOperationException>(() => FieldRules.For(RecordField.Major).Apply(s, "经济学"));
    }

    [Fact]
    public void Every_message_the_rules_give_has_an_English_translation()
    {
        var english = XDocument.Load(Path.Combine(SourceTree.Web, "Resources", "SharedResource.en.resx")).Root!.Elements("data")
            .Select(d => (string)d.Attribute("name")!).ToHashSet();
        var messages = typeof(FieldMessages).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!)
            .Concat(Enum.GetValues<IdNumberError>().Select(IdNumberMessages.Of))
            .Concat(FieldRules.All.Select(r => r.Hint).OfType<string>());
        Assert.All(messages, m => Assert.Contains(m, english));
    }
}
