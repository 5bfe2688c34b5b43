# The API image: the web application built with Node.js, the API with the .NET 10 SDK, run on the ASP.NET runtime as
# a non-root user on port 8080.
FROM node:20-bookworm-slim AS web
WORKDIR /src/web
# Install from the lock file alone first, so that a change to the code does not download the packages again.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY schema/ /src/schema/
COPY web/ ./
RUN npm run build

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone first, so that a change to the code does not download the packages again. In
# locked mode: exactly the versions in the committed lock files (transitive ones included), or the build fails.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Dangjian.Core/Dangjian.Core.csproj src/Dangjian.Core/packages.lock.json src/Dangjian.Core/
COPY src/Dangjian.Api/Dangjian.Api.csproj src/Dangjian.Api/packages.lock.json src/Dangjian.Api/
RUN dotnet restore --locked-mode src/Dangjian.Api/Dangjian.Api.csproj
COPY . .
COPY --from=web /src/web/dist /src/web-dist/
# The project copies seed-data/ next to the executable, where the API looks for it on first start, and compiles in
# the web application built above (WebDist: no Node.js in this stage).
RUN dotnet publish src/Dangjian.Api/Dangjian.Api.csproj --configuration Release --no-restore --output /app -p:WebDist=/src/web-dist/

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The data directory belongs to the image's non-root "app" user; a named volume mounted here starts as a copy of it.
RUN mkdir -p /data && chown "$APP_UID" /data
ENV Dangjian__DataDirectory=/data \
    ASPNETCORE_HTTP_PORTS=8080
VOLUME /data
EXPOSE 8080
USER $APP_UID
# Healthy means ready (/health/ready): the store answers and the search index has replayed the feed. The image has no
# curl; the API's own `probe` asks it without building a server. A first start replays the whole feed, hence the
# start period; an orchestrator that routes by health (and HAProxy, by its own checks) sends nothing before.
HEALTHCHECK --interval=10s --timeout=6s --start-period=120s --retries=3 CMD ["dotnet", "Dangjian.Api.dll", "probe"]
ENTRYPOINT ["dotnet", "Dangjian.Api.dll"]
