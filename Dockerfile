# The API image: built with the .NET 10 SDK, run on the ASP.NET runtime as a non-root user on port 8080.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore from the project files alone first, so that a change to the code does not download the packages again.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/Dangjian.Core/Dangjian.Core.csproj src/Dangjian.Core/
COPY src/Dangjian.Api/Dangjian.Api.csproj src/Dangjian.Api/
RUN dotnet restore src/Dangjian.Api/Dangjian.Api.csproj
COPY . .
# The project copies seed-data/ next to the executable, where the API looks for it on first start.
RUN dotnet publish src/Dangjian.Api/Dangjian.Api.csproj --configuration Release --no-restore --output /app

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
ENTRYPOINT ["dotnet", "Dangjian.Api.dll"]
