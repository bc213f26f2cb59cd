namespace RegistryCheck.Data.Rules;

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
        IdNumberError.WrongAreaCode => "前两位不是有效的省级行政区划代码",
        IdNumberError.NotResidencePermitNumber => "应以 81、82 或 83 开头（港澳台居民居住证）",
        IdNumberError.NotForeignResidentNumber => "应为以 9 开头的 18 位号码（外国人永久居留身份证）",
        IdNumberError.NotDocumentNumber => "只能包含字母和数字",
        _ => "格式不正确",
    };
}
