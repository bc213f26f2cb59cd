using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.UnitTests.Rules;

/// <summary>ID numbers are checked by their ID type: the area code closes the one gap python-stdnum's cn.ric found.</summary>
public class IdNumberByTypeTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    private static string WithCheck(string first17) => first17 + IdNumber.ComputeCheckCharacter(first17);

    [Theory]
    [InlineData("000000")]
    [InlineData("999999")]
    [InlineData("100000")]
    [InlineData("160101")]
    [InlineData("240101")]
    [InlineData("380101")]
    [InlineData("470101")]
    [InlineData("550101")]
    [InlineData("660101")]
    [InlineData("710101")]
    [InlineData("810000")]
    public void A_resident_card_must_begin_with_a_province_level_code(string area)
    {
        var number = WithCheck(area + "20080315123");
        Assert.True(IdNumber.Parse(number, Today).IsValid);
        Assert.Equal(IdNumberError.WrongAreaCode, IdNumber.ParseFor(IdTypes.ResidentCard, number, Today).Error);
        Assert.Equal(IdNumberError.WrongAreaCode, IdNumber.ParseFor(null, number, Today).Error);
    }

    [Theory]
    [InlineData("11")]
    [InlineData("15")]
    [InlineData("21")]
    [InlineData("23")]
    [InlineData("31")]
    [InlineData("37")]
    [InlineData("41")]
    [InlineData("46")]
    [InlineData("50")]
    [InlineData("54")]
    [InlineData("61")]
    [InlineData("65")]
    public void Every_province_level_code_is_accepted_for_a_resident_card(string province)
    {
        var result = IdNumber.ParseFor(IdTypes.ResidentCard, WithCheck(province + "010120080315123"), Today);
        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal(Gender.Male, result.Gender);
        Assert.Equal(new DateOnly(2008, 3, 15), result.BirthDate);
    }

    [Theory]
    [InlineData("810000")]
    [InlineData("820000")]
    [InlineData("830000")]
    public void A_residence_permit_for_Hong_Kong_Macao_and_Taiwan_residents_begins_with_81_82_or_83(string area)
    {
        Assert.True(IdNumber.ParseFor(IdTypes.ResidencePermit, WithCheck(area + "20080315124"), Today).IsValid);
        Assert.Equal(IdNumberError.NotResidencePermitNumber, IdNumber.ParseFor(IdTypes.ResidencePermit, WithCheck("430104200803151230"[..17]), Today).Error);
    }

    [Fact]
    public void A_2023_foreign_permanent_resident_card_has_18_characters_beginning_with_9_and_the_same_check_character()
    {
        var number = WithCheck("93115620080315123");
        var result = IdNumber.ParseFor(IdTypes.ForeignPermanentResident, number, Today);
        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal(new DateOnly(2008, 3, 15), result.BirthDate);
        Assert.Equal(IdNumberError.WrongCheckCharacter,
            IdNumber.ParseFor(IdTypes.ForeignPermanentResident, number[..17] + (number[17] == '0' ? '1' : '0'), Today).Error);
        Assert.Equal(IdNumberError.NotForeignResidentNumber, IdNumber.ParseFor(IdTypes.ForeignPermanentResident, "430104200803151230", Today).Error);
        // A 9… number is not a resident card.
        Assert.Equal(IdNumberError.WrongAreaCode, IdNumber.ParseFor(IdTypes.ResidentCard, number, Today).Error);
    }

    [Fact]
    public void Passports_and_travel_permits_are_letters_and_digits_upper_cased()
    {
        Assert.Equal("E12345678", IdNumber.ParseFor("护照", " e1234 5678 ", Today).Value);
        Assert.Equal(IdNumberError.NotDocumentNumber, IdNumber.ParseFor("护照", "E-1234", Today).Error);
        Assert.False(IdNumber.HasCheckCharacter("护照"));
        Assert.True(IdNumber.HasCheckCharacter(IdTypes.ForeignPermanentResident));
    }

    [Fact]
    public void The_field_rule_checks_the_number_by_the_students_ID_type()
    {
        var rule = FieldRules.For(RecordField.IdNumber);
        var hk = WithCheck("81000020080315124");
        Assert.False(rule.Check(hk, new FieldContext(Today)).IsValid);
        var check = rule.Check(hk, new FieldContext(Today, IdType: IdTypes.ResidencePermit));
        Assert.Equal(hk, check.Value);
        Assert.Equal(Gender.Female, check.Identity!.Gender);
        Assert.True(rule.Check("430104080315123", new FieldContext(Today)).Identity!.WasConverted);
    }
}
