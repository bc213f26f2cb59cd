namespace RegistryCheck.Data.Rules;

/// <summary>The field rules' messages: keys into the shared string table ({0} is usually the field's label).</summary>
public static class FieldMessages
{
    public const string Required = "请填写{0}";
    public const string TooLong = "{0}不能超过 {1} 个字符";
    public const string NotInTable = "{0}“{1}”不在代码表中，请从列表中选择";
    public const string LettersAndDigits = "“{0}”只能包含字母和数字";
    public const string InvalidDate = "“{0}”不是有效的日期（应为 yyyy-MM-dd，如 2026-09-01）";
    public const string DateInFuture = "{0}不能晚于今天";
    public const string LengthOfStudy = "学制应为 1 到 8 年，以半年为单位（如 4、2.5）";
    public const string Phone = "联系电话应为 11 位手机号，或以 + 和国家（地区）代码开头的号码";
    public const string Email = "电子邮箱格式不正确";
    public const string IdNumber = "证件号码{0}";
    public const string NameTooLong = "姓名不能超过 {0} 个字";
    public const string PhotoDescription = "请说明照片的问题";
}
