using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>What to tell a student about a likely cause of a name mismatch (keys into the shared table).</summary>
public static class NameHints
{
    public static string Of(NameIssue issue) => issue switch
    {
        NameIssue.ContainsWhiteSpace => "姓名中有空格：中文姓名不应包含空格。",
        NameIssue.FullWidthCharacters => "姓名中有全角字母或符号，请改用身份证上的写法。",
        NameIssue.DotLookAlike => "少数民族姓名的分隔符应为“·”（间隔号），不是其他相似的点。",
        NameIssue.TraditionalCharacters => "姓名中有繁体字：请与身份证核对，身份证上是简体就填简体。",
        NameIssue.RareCharacter => "姓名中有生僻字：请确认显示正确，必要时在原因中说明。",
        _ => issue.ToString(),
    };
}
