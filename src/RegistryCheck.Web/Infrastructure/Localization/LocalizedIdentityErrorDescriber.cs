using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Localization;

namespace RegistryCheck.Web.Infrastructure.Localization;

/// <summary>Identity's messages in the user's language.</summary>
public sealed class LocalizedIdentityErrorDescriber(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = l["密码至少需要 {0} 个字符", length] };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = l["密码至少需要包含 {0} 个不同的字符", uniqueChars] };

    public override IdentityError PasswordRequiresDigit() =>
        new() { Code = nameof(PasswordRequiresDigit), Description = l["密码至少需要包含一个数字"] };

    public override IdentityError PasswordRequiresLower() =>
        new() { Code = nameof(PasswordRequiresLower), Description = l["密码至少需要包含一个小写字母"] };

    public override IdentityError PasswordRequiresUpper() =>
        new() { Code = nameof(PasswordRequiresUpper), Description = l["密码至少需要包含一个大写字母"] };

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = l["密码至少需要包含一个符号"] };

    public override IdentityError PasswordMismatch() =>
        new() { Code = nameof(PasswordMismatch), Description = l["当前密码不正确"] };

    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = l["用户名 {0} 已被使用", userName] };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = l["用户名只能包含字母、数字和 - . _ @"] };

    public override IdentityError ConcurrencyFailure() =>
        new() { Code = nameof(ConcurrencyFailure), Description = l["数据已被他人修改，请刷新后重试"] };

    public override IdentityError DefaultError() =>
        new() { Code = nameof(DefaultError), Description = l["操作失败，请重试"] };
}
