using RegistryCheck.Web.Features.Batches;

namespace RegistryCheck.UnitTests.Batches;

public class SheetNamesTests
{
    [Fact]
    public void Long_names_are_cut_to_31_the_same_way_every_time_and_clashes_are_numbered()
    {
        var longName = new string('学', 40);
        var names = SheetNames.Make([longName, longName + "甲", "经济学院", "经济学院"]);

        Assert.Equal([new string('学', 31), new string('学', 28) + "(2)", "经济学院", "经济学院(2)"], names);
        Assert.Equal(names, SheetNames.Make([longName, longName + "甲", "经济学院", "经济学院"]));
    }

    [Fact]
    public void Forbidden_characters_apostrophes_at_the_ends_and_the_reserved_name_are_avoided()
    {
        var names = SheetNames.Make(["a/b\\c?d*e[f]g:h", "'引号'", "history", ""]);

        Assert.Equal(["a_b_c_d_e_f_g_h", "引号", "history(2)", "Sheet"], names);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split_at_the_cut()
    {
        var name = new string('学', 30) + char.ConvertFromUtf32(0x20BB7) + "院";
        var cut = SheetNames.Make([name])[0];

        Assert.Equal(new string('学', 30), cut);
    }
}
