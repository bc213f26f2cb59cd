using RegistryCheck.Data.Rules;

namespace RegistryCheck.UnitTests.Rules;

public class InitialPasswordTests
{
    private const string IdNumberWithX = "43010220071108105X";

    [Theory]
    [InlineData("08105X")]
    [InlineData("08105x")]
    [InlineData(" 08105X ")]
    [InlineData("０８１０５Ｘ")]
    [InlineData("\u300008105x\u200B")]
    public void Typed_variants_of_the_last_six_match(string typed) =>
        Assert.True(InitialPassword.Matches(IdNumberWithX, typed));

    [Theory]
    [InlineData("081051")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("8105X")]
    [InlineData("08105X0")]
    [InlineData("08105X\0")]
    [InlineData("43010220071108105X")]
    public void Anything_else_does_not_match(string? typed) =>
        Assert.False(InitialPassword.Matches(IdNumberWithX, typed));

    [Fact]
    public void Very_long_input_does_not_match() =>
        Assert.False(InitialPassword.Matches(IdNumberWithX, new string('0', 10_000) + "08105X"));

    [Fact]
    public void A_stored_value_too_short_matches_nothing()
    {
        Assert.False(InitialPassword.Matches("105X", "105X"));
        Assert.False(InitialPassword.Matches("", ""));
    }

    [Fact]
    public void Initial_password_is_the_last_six_upper_case()
    {
        Assert.Equal("08105X", InitialPassword.For("43010220071108105x"));
        Assert.Equal("151230", InitialPassword.For("430104200803151230"));
    }
}
