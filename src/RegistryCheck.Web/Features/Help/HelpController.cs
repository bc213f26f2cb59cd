using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Help;

/// <summary>The notice's steps and FAQ for 学信网, in the portal's own words; open to everyone.</summary>
public sealed class HelpController : Controller
{
    [HttpGet("/help")]
    [AllowAnonymous]
    [AllowBeforePasswordChange]
    public IActionResult Index() => View();
}
