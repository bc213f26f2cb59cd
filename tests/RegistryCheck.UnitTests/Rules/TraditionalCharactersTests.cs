using System.Text;
using RegistryCheck.Data.Rules;

namespace RegistryCheck.UnitTests.Rules;

public class TraditionalCharactersTests
{
    [Fact]
    public void Table_holds_the_common_name_characters()
    {
        Assert.True(TraditionalCharacters.All.Count >= 150);
        foreach (var rune in "張陳劉黃楊趙吳孫馬鄭謝韓葉許蘇盧蔣鄧陸龔萬錢顧賴華龍閻羅譚鍾鄒雲蕭歐陽國麗強偉東軍紅蘭鳳慶貴寶義禮馮門鐵書劍榮語聰濤輝豐倫儀".EnumerateRunes())
        {
            Assert.True(TraditionalCharacters.IsTraditional(rune), rune.ToString());
        }
    }

    [Fact]
    public void Characters_written_the_same_in_both_scripts_are_not_in_the_table()
    {
        foreach (var rune in "沈魏彭傅戴尹姚梁林李王张三明於余".EnumerateRunes())
        {
            Assert.False(TraditionalCharacters.IsTraditional(rune), rune.ToString());
        }
    }

    [Fact]
    public void Every_entry_has_a_different_simplified_form_that_is_not_itself_listed()
    {
        foreach (var traditional in TraditionalCharacters.All)
        {
            Assert.True(TraditionalCharacters.TryGetSimplified(traditional, out var simplified));
            Assert.NotEqual(traditional, simplified);
            Assert.False(TraditionalCharacters.IsTraditional(simplified), simplified.ToString());
        }
    }

    [Fact]
    public void Simplified_forms_are_looked_up()
    {
        Assert.True(TraditionalCharacters.TryGetSimplified(new Rune('張'), out var simplified));
        Assert.Equal(new Rune('张'), simplified);
    }
}
