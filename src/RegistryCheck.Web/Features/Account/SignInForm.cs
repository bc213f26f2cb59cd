using System.ComponentModel.DataAnnotations;

namespace RegistryCheck.Web.Features.Account;

/// <summary>What both sign-in forms post besides the account name.</summary>
public abstract class SignInForm
{
    [Display(Name = "密码")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(128, ErrorMessage = "{0}过长")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }

    public string? ReturnUrl { get; set; }
}
