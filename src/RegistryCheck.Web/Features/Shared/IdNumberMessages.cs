using RegistryCheck.Data.Rules;

namespace RegistryCheck.Web.Features.Shared;

/// <summary>Why an ID number was refused, as a key into the shared string table.</summary>
public static class IdNumberMessages
{
    public static string Of(IdNumberError error) => error switch
    {
        IdNumberError.Empty => "未填写",
        IdNumberError.WrongLength => "应为 18 位（或旧式 15 位）",
        IdNumberError.InvalidCharacters => "只能包含数字和末位的 X",
        IdNumberError.InvalidBirthDate => "其中的出生日期不存在",
        IdNumberError.WrongCheckCharacter => "校验位不正确，请核对每一位",
        _ => "格式不正确",
    };
}
