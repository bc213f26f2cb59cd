using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.Home;

public sealed class HomeController : Controller
{
    /// <summary>Everyone starts at their own page: students at the record, staff at their workbench.</summary>
    [HttpGet("/")]
    [AllowAnonymous]
    public IActionResult Index()
    {
        if (User.Identity?.IsAuthenticated != true)
        {
            return RedirectToAction("SignIn", "Account");
        }

        return User.IsInRole(Roles.Student) ? Redirect("/me") : RedirectToAction(nameof(Staff));
    }

    [HttpGet("/staff")]
    [Authorize(Policy = Policies.Staff)]
    public IActionResult Staff() => View();

    // Any method: status-code pages re-execute the failed request (a POST too) against this action.
    [Route("/error")]
    [Route("/error/{status:int}")]
    [AllowAnonymous]
    [AllowBeforePasswordChange]
    [IgnoreAntiforgeryToken]
    public IActionResult Error(int? status)
    {
        var code = status ?? (HttpContext.Features.Get<IExceptionHandlerFeature>() is null ? 404 : 500);
        Response.StatusCode = code;
        ViewData["Status"] = code;
        return View();
    }
}
