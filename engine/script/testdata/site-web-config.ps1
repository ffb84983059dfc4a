Clear-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/httpErrors"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/directoryBrowse" -name "showFlags" -value "Date, Time, Size"
Clear-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/directoryBrowse/@enabled"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/staticContent/mimeMap[@fileExtension='.log']" -name "mimeType" -value "text/x-log"
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/staticContent" -name "." -value @{fileExtension='.webmanifest';mimeType='application/manifest+json'}
Clear-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/security/requestFiltering/requestLimits"
Clear-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/defaultDocument/files"
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/defaultDocument/files" -name "." -value @{value='index.php'}
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/defaultDocument/files" -name "." -value @{value='home.html'}
Remove-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/httpProtocol/customHeaders" -name "." -AtElement @{name='X-Powered-By'}
Add-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/httpProtocol/customHeaders" -name "." -value @{name='Strict-Transport-Security';value='max-age=31536000'}
Set-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -filter "system.webServer/httpProtocol/customHeaders/add[@name='Strict-Transport-Security']" -metadata lockItem -value "true"
Set-WebConfigurationProperty -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -location 'reports' -filter "system.webServer/directoryBrowse" -name "enabled" -value "true"
Set-WebConfiguration -pspath 'MACHINE/WEBROOT/APPHOST/Default Web Site' -location 'reports' -filter "system.webServer/directoryBrowse" -metadata lockAttributes -value "enabled"
