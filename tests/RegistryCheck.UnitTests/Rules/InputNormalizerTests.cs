using RegistryCheck.Data.Rules;

namespace RegistryCheck.UnitTests.Rules;

public class InputNormalizerTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Null_or_empty_becomes_empty(string? input) =>
        Assert.Equal("", InputNormalizer.Normalize(input));

    [Fact]
    public void Full_width_digits_and_x_become_ascii_upper_case() =>
        Assert.Equal("43010220071108105X", InputNormalizer.Normalize("４３０１０２２００７１１０８１０５ｘ"));

    [Theory]
    [InlineData("4301 0220 0711 0810 5X")]
    [InlineData("\u30004301022007\u00A01108105X\u3000")]
    [InlineData("430102\u200B20071108\uFEFF105X")]
    [InlineData("\t430102200711\r\n08105X\n")]
    [InlineData("430102\u2060200711\u200D08105X\u00AD")]
    public void Every_kind_of_white_space_is_removed(string input) =>
        Assert.Equal("43010220071108105X", InputNormalizer.Normalize(input));

    [Fact]
    public void Lower_case_x_becomes_upper_case() =>
        Assert.Equal("08105X", InputNormalizer.Normalize("08105x"));

    [Fact]
    public void A_lone_surrogate_does_not_throw() =>
        Assert.Equal("\uFFFD123", InputNormalizer.Normalize("\uD800123"));
}
