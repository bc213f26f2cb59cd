using RegistryCheck.Web.Features.Corrections;

namespace RegistryCheck.UnitTests.Corrections;

public class CharacterDiffTests
{
    private static string Render(IEnumerable<DiffChar> diff) =>
        string.Concat(diff.Select(c => c.Kind switch { DiffKind.Removed => $"-{c.Text}", DiffKind.Added => $"+{c.Text}", _ => c.Text }));

    [Fact]
    public void A_traditional_character_is_one_removal_and_one_addition_with_its_simplified_form_named()
    {
        var diff = CharacterDiff.Compute("张三", "張三");

        Assert.Equal("-张+張三", Render(diff));
        var added = diff.Single(c => c.Kind == DiffKind.Added);
        Assert.Equal("U+5F35", added.CodePoint);
        Assert.Equal("繁体字（简体为 {0}）", added.Note);
        Assert.Equal("张", added.NoteArg);
    }

    [Fact]
    public void Spaces_and_invisible_characters_are_made_visible()
    {
        var diff = CharacterDiff.Compute("李四", "李 四\u200B");

        var space = diff.Single(c => c.Text == " ");
        Assert.Equal(DiffKind.Added, space.Kind);
        Assert.Equal("␣", space.Display);
        Assert.Equal("U+0020", space.CodePoint);
        var zeroWidth = diff.Single(c => c.Text == "\u200B");
        Assert.Equal("⟨U+200B⟩", zeroWidth.Display);
        Assert.Equal("不可见字符", zeroWidth.Note);
    }

    [Fact]
    public void A_katakana_middle_dot_is_told_apart_from_the_correct_one()
    {
        var diff = CharacterDiff.Compute("买买提·艾力", "买买提・艾力");

        Assert.Equal("买买提-·+・艾力", Render(diff));
        Assert.Equal("U+30FB", diff.Single(c => c.Kind == DiffKind.Added).CodePoint);
        Assert.Equal("与间隔号“·”相似的点", diff.Single(c => c.Kind == DiffKind.Added).Note);
        Assert.Equal("U+00B7", diff.Single(c => c.Kind == DiffKind.Removed).CodePoint);
    }

    [Fact]
    public void Full_width_letters_name_their_half_width_form()
    {
        var diff = CharacterDiff.Compute("A1", "Ａ1");

        var full = diff.Single(c => c.Kind == DiffKind.Added);
        Assert.Equal("U+FF21", full.CodePoint);
        Assert.Equal("A", full.NoteArg);
    }

    [Fact]
    public void A_rare_character_outside_the_bmp_is_one_character_not_two()
    {
        var rare = char.ConvertFromUtf32(0x20BB7); // 𠮷
        var diff = CharacterDiff.Compute("吉田", rare + "田");

        Assert.Equal(3, diff.Count);
        Assert.Equal("U+20BB7", diff.Single(c => c.Kind == DiffKind.Added).CodePoint);
    }

    [Fact]
    public void Equal_values_are_all_same()
    {
        Assert.All(CharacterDiff.Compute("汉族", "汉族"), c => Assert.Equal(DiffKind.Same, c.Kind));
    }
}
