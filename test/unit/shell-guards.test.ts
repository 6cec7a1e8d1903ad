import { describe, expect, it } from 'vitest'
import { isAppPage, isSafeExternalLink, permissionAllowed, rendererLocation } from '../../src-main/shell/guards'

describe('the desktop window’s guards', () => {
  it('the dev server is used only in an unpackaged build', () => {
    const builtFile = '/opt/satop/resources/app.asar/out/renderer/index.html'
    expect(rendererLocation({ packaged: true, devUrl: 'http://localhost:5173', builtFile })).toBe(`file://${builtFile}`)
    expect(rendererLocation({ packaged: false, devUrl: 'http://localhost:5173', builtFile })).toBe('http://localhost:5173')
    expect(rendererLocation({ packaged: false, devUrl: undefined, builtFile })).toBe(`file://${builtFile}`)
  })

  it('an app page is the renderer file or the dev origin exactly, never a prefix', () => {
    const file = 'file:///opt/satop/out/renderer/index.html'
    expect(isAppPage(`${file}#/today`, file)).toBe(true)
    expect(isAppPage('file:///opt/satop/out/renderer/index.html.evil', file)).toBe(false)
    expect(isAppPage('file://evil-host/opt/satop/out/renderer/index.html', file)).toBe(false)
    expect(isAppPage('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true)
    expect(isAppPage('http://localhost:5173.evil.com/', 'http://localhost:5173')).toBe(false)
    expect(isAppPage('not a url', file)).toBe(false)
  })

  it('links leave only for https without credentials', () => {
    expect(isSafeExternalLink('https://signer.example/approve')).toBe(true)
    for (const bad of [
      'http://signer.example/',
      'https://user:pw@x.example/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'lightning:lnbc1',
    ])
      expect(isSafeExternalLink(bad), bad).toBe(false)
  })

  it('grants notifications and nothing else', () => {
    expect(permissionAllowed('notifications')).toBe(true)
    for (const p of ['media', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal', 'hid'])
      expect(permissionAllowed(p), p).toBe(false)
  })
})
