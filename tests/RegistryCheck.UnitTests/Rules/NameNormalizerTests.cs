using System.Text;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.UnitTests.Rules;

public class NameNormalizerTests
{
    private const string RareCharacter = "\U0002000B"; // 𠀋, CJK Extension B

    [Theory]
    [InlineData("张 三", "张三")]
    [InlineData(" 张\u3000三 ", "张三")]
    [InlineData("张\u00A0三\t", "张三")]
    [InlineData("张\u200B三\uFEFF", "张三")]
    public void Chinese_names_lose_all_white_space(string input, string expected) =>
        Assert.Equal(expected, NameNormalizer.Normalize(input));

    [Theory]
    [InlineData("阿依古丽\u30FB买买提")]
    [InlineData("阿依古丽\uFF65买买提")]
    [InlineData("阿依古丽\u2022买买提")]
    [InlineData("阿依古丽\u2027买买提")]
    [InlineData("阿依古丽\uFF0E买买提")]
    [InlineData("阿依古丽\u2219买买提")]
    [InlineData("阿依古丽\u22C5买买提")]
    [InlineData("阿依古丽 · 买买提")]
    [InlineData("阿依古丽\u3000\u30FB\u3000买买提")]
    public void Dot_look_alikes_become_the_middle_dot(string input) =>
        Assert.Equal("阿依古丽\u00B7买买提", NameNormalizer.Normalize(input));

    [Theory]
    [InlineData("John   Smith", "John Smith")]
    [InlineData("  John \t Smith ", "John Smith")]
    [InlineData("John\u00A0Smith", "John Smith")]
    [InlineData("Ｊｏｈｎ\u3000Ｓｍｉｔｈ", "John Smith")]
    [InlineData("Mary ・ Jane  Smith", "Mary\u00B7Jane Smith")]
    [InlineData("Jose\u0301", "Jos\u00E9")]
    public void Latin_names_collapse_white_space_and_fold_full_width(string input, string expected) =>
        Assert.Equal(expected, NameNormalizer.Normalize(input));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" \u3000 ")]
    public void Nothing_typed_is_empty(string? input) =>
        Assert.Equal("", NameNormalizer.Normalize(input));

    [Fact]
    public void Rare_characters_are_kept_and_count_once()
    {
        var name = "王" + RareCharacter + " 明";

        var normalized = NameNormalizer.Normalize(name);

        Assert.Equal("王" + RareCharacter + "明", normalized);
        Assert.Equal(3, NameNormalizer.CountCharacters(normalized));
        Assert.Equal(1, NameNormalizer.CountCharacters(RareCharacter));
        Assert.Equal(2, RareCharacter.Length);
    }

    [Fact]
    public void A_name_of_only_a_rare_character_is_treated_as_chinese() =>
        Assert.Equal(RareCharacter + RareCharacter, NameNormalizer.Normalize(RareCharacter + " " + RareCharacter));

    [Fact]
    public void Traditional_characters_are_never_converted() =>
        Assert.Equal("張三", NameNormalizer.Normalize("張 三"));

    [Fact]
    public void Compatibility_ideographs_and_full_width_letters_in_chinese_names_are_kept()
    {
        // U+F9A8 would become U+4EE4 under NFC/NFKC; the ID card's code point must survive.
        Assert.Equal("李\uF9A8", NameNormalizer.Normalize("李\uF9A8"));
        Assert.Equal("李Ａ", NameNormalizer.Normalize("李Ａ"));
    }

    [Fact]
    public void Max_length_fits_rare_characters_in_the_column()
    {
        var fifty = string.Concat(Enumerable.Repeat(RareCharacter, NameNormalizer.MaxLength));

        Assert.Equal(NameNormalizer.MaxLength, NameNormalizer.CountCharacters(fifty));
        Assert.True(fifty.Length <= NameNormalizer.MaxUtf16Length);
    }

    [Fact]
    public void Simplified_versus_traditional_is_explained()
    {
        var issues = NameNormalizer.ExplainDifference("张三", "張三");

        Assert.Equal([NameIssue.TraditionalCharacters], issues);
    }

    [Fact]
    public void Identical_plain_names_have_nothing_to_explain()
    {
        Assert.Empty(NameNormalizer.ExplainDifference("张三", "张三"));
        Assert.Empty(NameNormalizer.ExplainDifference("John Smith", "Jon Smith"));
        Assert.Empty(NameNormalizer.ExplainDifference("阿依古丽\u00B7买买提", "阿依古丽买买提"));
    }

    [Theory]
    [InlineData("张 三")]
    [InlineData("张\u3000三")]
    [InlineData("张三\u200B")]
    [InlineData("John  Smith")]
    [InlineData(" John Smith")]
    [InlineData("John\u00A0Smith")]
    [InlineData("Mary \u00B7Jane")]
    public void White_space_is_explained(string proposed) =>
        Assert.Contains(NameIssue.ContainsWhiteSpace, NameNormalizer.ExplainDifference("张三", proposed));

    [Fact]
    public void Several_causes_are_reported_once_each_in_order()
    {
        var issues = NameNormalizer.ExplainDifference("阿依古丽\u30FB买买提", "劉 Ａ" + RareCharacter + RareCharacter);

        Assert.Equal(
            [NameIssue.ContainsWhiteSpace, NameIssue.FullWidthCharacters, NameIssue.DotLookAlike,
             NameIssue.TraditionalCharacters, NameIssue.RareCharacter],
            issues);
    }

    [Fact]
    public void Full_width_full_stop_counts_as_a_dot_look_alike() =>
        Assert.Equal([NameIssue.DotLookAlike], NameNormalizer.ExplainDifference("阿依古丽\uFF0E买买提", "阿依古丽\u00B7买买提"));

    [Fact]
    public void Rare_character_is_explained_from_either_side() =>
        Assert.Equal([NameIssue.RareCharacter], NameNormalizer.ExplainDifference("王" + RareCharacter, "王"));

    [Fact]
    public void Count_treats_a_lone_surrogate_as_one_character() =>
        Assert.Equal(2, NameNormalizer.CountCharacters("\uD840a"));

    [Fact]
    public void Normalize_survives_a_lone_surrogate() =>
        Assert.Equal("John\uFFFD", NameNormalizer.Normalize("John\uD840"));

    [Fact]
    public void Dot_look_alike_check_works_on_runes_not_chars()
    {
        // A name mixing a rare character and a look-alike dot must still get the dot fixed.
        Assert.Equal(RareCharacter + "\u00B7买买提", NameNormalizer.Normalize(RareCharacter + "\u30FB买买提"));
        Assert.True(Rune.GetRuneAt(RareCharacter, 0).Value > 0xFFFF);
    }
}
