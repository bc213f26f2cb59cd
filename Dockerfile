# Multi-stage build of the portal. Not built here (no Docker engine on the development machines); see docs/operations.md.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props RegistryCheck.sln ./
COPY .config/ .config/
COPY seeds/ seeds/
COPY src/ src/
RUN dotnet publish src/RegistryCheck.Web/RegistryCheck.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
# ICU for zh-CN formatting; tzdata for Asia/Shanghai; curl for the health check.
# fonts-droid-fallback + fonts-dejavu-core: the CJK and the Latin font of the evidence packet's PDFs (Pdf:FontPath, Pdf:LatinFontPath).
RUN apt-get update && apt-get install -y --no-install-recommends libicu72 tzdata curl fonts-droid-fallback fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_ENVIRONMENT=Production \
    ASPNETCORE_URLS=http://0.0.0.0:8080 \
    DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=false \
    Database__DataFolder=/data
RUN mkdir -p /data && chown app:app /data
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD curl -fsS http://localhost:8080/healthz || exit 1
ENTRYPOINT ["dotnet", "RegistryCheck.Web.dll"]
