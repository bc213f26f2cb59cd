using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RegistryCheck.Web.Infrastructure.Auth;

namespace RegistryCheck.Web.Features.CodeValues;

/// <summary>The registrar's list of stored 民族/政治面貌 values outside the code tables, to fix them (import or correction).</summary>
[Authorize(Policy = Policies.Registrar)]
[Route("code-values")]
public sealed class CodeValuesController : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] OutOfTableValuesHandler handler, CancellationToken ct) =>
        View(await handler.HandleAsync(ct));
}
