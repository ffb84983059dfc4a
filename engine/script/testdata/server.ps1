Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/applicationPools" -name "." -value @{name='Shop Pool';managedPipelineMode='Integrated';startMode='AlwaysRunning'}
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/applicationPools/add[@name='Shop Pool']/processModel" -name "identityType" -value "NetworkService"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/applicationPools/add[@name='Shop Pool']/processModel" -name "idleTimeout" -value "00:00:00"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites/siteDefaults/logFile" -name "directory" -value "D:\Logs"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites/siteDefaults/logFile" -name "period" -value "Hourly"
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites" -name "." -value @{name='Shop';id='2';serverAutoStart='true'}
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites/site[@name='Shop' and @id='2']/bindings" -name "." -value @{protocol='http';bindingInformation='*:80:shop.example.com'}
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites/site[@name='Shop' and @id='2']/bindings" -name "." -value @{protocol='https';bindingInformation='*:443:shop.example.com'}
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites/site[@name='Shop' and @id='2']" -name "." -value @{path='/';applicationPool='Shop Pool'}
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites/site[@name='Shop' and @id='2']/application[@path='/']" -name "." -value @{path='/';physicalPath='D:\Sites\Shop'}
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.applicationHost/sites/site[@name='Shop' and @id='2']/application[@path='/']" -name "." -value @{path='/images';physicalPath='\\files\shop\images'}
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -filter "system.webServer/directoryBrowse" -name "showFlags" -value "Date, Size"
Set-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST' -location 'Default Web Site' -filter "system.webServer/handlers" -metadata overrideMode -value Allow
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -location 'Shop' -filter "system.webServer/security/authentication/windowsAuthentication" -name "enabled" -value "true"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -location 'Shop' -filter "system.webServer/security/authentication/anonymousAuthentication" -name "enabled" -value "false"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST' -location 'Shop/admin' -filter "system.webServer/directoryBrowse" -name "enabled" -value "false"
Set-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST' -location 'Shop/admin' -filter "system.webServer/directoryBrowse" -metadata overrideMode -value Deny
