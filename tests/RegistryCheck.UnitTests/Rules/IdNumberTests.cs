using RegistryCheck.Data.Rules;

namespace RegistryCheck.UnitTests.Rules;

public class IdNumberTests
{
    private static readonly DateOnly Today = new(2026, 9, 1);

    [Theory]
    [InlineData("11010519491231002X")]
    [InlineData("440524188001010014")]
    [InlineData("430104200803151230")]
    [InlineData("43010220071108105X")]
    public void Worked_and_demo_examples_validate(string number)
    {
        var result = IdNumber.Parse(number, Today);

        Assert.True(result.IsValid, result.Error.ToString());
        Assert.Equal(number, result.Value);
        Assert.Equal(IdNumberError.None, result.Error);
        Assert.False(result.WasConverted);
    }

    [Fact]
    public void Parse_without_a_date_uses_the_clock() =>
        Assert.True(IdNumber.Parse("43010220071108105X").IsValid);

    [Fact]
    public void Every_check_character_is_produced_and_matches_an_independent_computation()
    {
        var seen = new HashSet<char>();
        for (var sequence = 0; sequence < 1000 && seen.Count < 11; sequence++)
        {
            var first17 = $"43010420080315{sequence:000}";
            var expected = IndependentCheckCharacter(first17);

            Assert.Equal(expected, IdNumber.ComputeCheckCharacter(first17));
            Assert.True(IdNumber.Parse(first17 + expected, Today).IsValid);
            seen.Add(expected);
        }

        Assert.Equal("0123456789X", string.Concat(seen.Order()));
    }

    [Fact]
    public void Fifteen_digit_number_is_converted_to_eighteen()
    {
        var result = IdNumber.Parse("110105491231002", Today);

        Assert.True(result.IsValid);
        Assert.True(result.WasConverted);
        Assert.Equal("11010519491231002X", result.Value);
        Assert.Equal("110105" + "19" + "491231002" + IndependentCheckCharacter("11010519491231002"), result.Value);
        Assert.Equal(new DateOnly(1949, 12, 31), result.BirthDate);
        Assert.Equal(Gender.Female, result.Gender);
    }

    [Fact]
    public void Fifteen_digit_number_with_an_impossible_date_is_rejected() =>
        Assert.Equal(IdNumberError.InvalidBirthDate, IdNumber.Parse("110105490230002", Today).Error);

    [Fact]
    public void Fifteen_digit_number_with_an_x_is_rejected() =>
        Assert.Equal(IdNumberError.InvalidCharacters, IdNumber.Parse("11010549123100X", Today).Error);

    [Theory]
    [InlineData("430102200711081050")]
    [InlineData("430102200711081051")]
    [InlineData("430104200803151239")]
    [InlineData("110105194912310029")]
    public void Wrong_check_character_is_rejected(string number)
    {
        var result = IdNumber.Parse(number, Today);

        Assert.False(result.IsValid);
        Assert.Equal(IdNumberError.WrongCheckCharacter, result.Error);
        Assert.Null(result.Value);
    }

    [Theory]
    [InlineData("4301022007110810")]
    [InlineData("43010220071108105X1")]
    [InlineData("1234")]
    [InlineData("4301022007110810X")]
    public void Wrong_length_is_rejected(string number) =>
        Assert.Equal(IdNumberError.WrongLength, IdNumber.Parse(number, Today).Error);

    [Theory]
    [InlineData("43010220071108105A")]
    [InlineData("4301022007110810-5")]
    [InlineData("张三")]
    [InlineData("43010X200711081050")]
    [InlineData("4301022007110810XX")]
    public void Letters_and_other_characters_are_rejected(string number) =>
        Assert.Equal(IdNumberError.InvalidCharacters, IdNumber.Parse(number, Today).Error);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \u3000\u200B ")]
    public void Nothing_typed_is_empty(string? number) =>
        Assert.Equal(IdNumberError.Empty, IdNumber.Parse(number, Today).Error);

    [Theory]
    [InlineData("19990230")]
    [InlineData("20070229")]
    [InlineData("20071301")]
    [InlineData("20071100")]
    [InlineData("17991231")]
    [InlineData("20260902")]
    public void Impossible_or_future_birth_dates_are_rejected(string date)
    {
        var first17 = "430102" + date + "105";

        var result = IdNumber.Parse(first17 + IdNumber.ComputeCheckCharacter(first17), Today);

        Assert.Equal(IdNumberError.InvalidBirthDate, result.Error);
    }

    [Fact]
    public void Leap_day_and_today_are_real_birth_dates()
    {
        foreach (var date in new[] { "20080229", "20260901" })
        {
            var first17 = "430102" + date + "105";
            Assert.True(IdNumber.Parse(first17 + IdNumber.ComputeCheckCharacter(first17), Today).IsValid, date);
        }
    }

    [Fact]
    public void Lower_case_x_is_accepted_and_upper_cased() =>
        Assert.Equal("43010220071108105X", IdNumber.Parse("43010220071108105x", Today).Value);

    [Fact]
    public void Full_width_input_is_accepted() =>
        Assert.Equal("43010220071108105X", IdNumber.Parse("４３０１０２２００７１１０８１０５ｘ", Today).Value);

    [Theory]
    [InlineData(" 430102 20071108 105X ")]
    [InlineData("430102\u300020071108\u3000105X")]
    [InlineData("430102\u00A020071108\u00A0105X")]
    [InlineData("\u200B43010220071108105X\u200B")]
    [InlineData("\uFEFF43010220071108105X")]
    public void White_space_of_every_kind_is_stripped(string number) =>
        Assert.Equal("43010220071108105X", IdNumber.Parse(number, Today).Value);

    [Theory]
    [InlineData("440524188001010014", 1880, 1, 1, Gender.Male)]
    [InlineData("11010519491231002X", 1949, 12, 31, Gender.Female)]
    [InlineData("430104200803151230", 2008, 3, 15, Gender.Male)]
    [InlineData("43010220071108105X", 2007, 11, 8, Gender.Male)]
    public void Birth_date_and_gender_are_read_from_the_number(string number, int year, int month, int day, Gender gender)
    {
        var result = IdNumber.Parse(number, Today);

        Assert.Equal(new DateOnly(year, month, day), result.BirthDate);
        Assert.Equal(gender, result.Gender);
    }

    [Fact]
    public void Even_sequence_digit_means_female()
    {
        const string first17 = "43010420080315124";
        var result = IdNumber.Parse(first17 + IdNumber.ComputeCheckCharacter(first17), Today);

        Assert.Equal(Gender.Female, result.Gender);
    }

    [Fact]
    public void Invalid_result_has_no_birth_date_or_gender()
    {
        var result = IdNumber.Parse("430104200803151239", Today);

        Assert.Equal(default, result.BirthDate);
        Assert.Equal(Gender.Unknown, result.Gender);
    }

    [Theory]
    [InlineData("1234567890123456")]
    [InlineData("123456789012345678")]
    [InlineData("1234567890123456X")]
    public void Check_character_needs_exactly_seventeen_digits(string input) =>
        Assert.Throws<ArgumentException>(() => IdNumber.ComputeCheckCharacter(input));

    [Fact]
    public void Mask_keeps_area_code_and_last_four() =>
        Assert.Equal("430104********1230", IdNumber.Mask("430104200803151230"));

    [Theory]
    [InlineData("430104200803151230", "20080315")]
    [InlineData("11010519491231002X", "19491231")]
    public void Mask_never_reveals_the_birth_date(string number, string birthDate)
    {
        var masked = IdNumber.Mask(number);

        Assert.DoesNotContain(birthDate, masked);
        Assert.Equal(new string('*', 8), masked.Substring(6, 8));
        Assert.Equal(number.Length, masked.Length);
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("110105491231002", "***********1002")]
    [InlineData("12345", "*2345")]
    [InlineData("1234", "****")]
    [InlineData("X", "*")]
    public void Mask_of_odd_input_shows_at_most_the_last_four(string? input, string expected) =>
        Assert.Equal(expected, IdNumber.Mask(input));

    [Theory]
    [InlineData("43010220071108105X", "08105X")]
    [InlineData("43010220071108105x", "08105X")]
    [InlineData("430104200803151230", "151230")]
    public void Last_six_are_upper_case(string number, string expected) =>
        Assert.Equal(expected, IdNumber.LastSix(number));

    // Weights from their definition, 2^(17-i) mod 11, and the check from ISO 7064 MOD 11-2,
    // so the test does not share the production table.
    private static char IndependentCheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var weight = (int)(Math.Pow(2, 17 - i) % 11);
            sum += (first17[i] - '0') * weight;
        }

        var check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }
}
