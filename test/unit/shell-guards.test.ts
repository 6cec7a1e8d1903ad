import { describe, expect, it } from 'vitest'
import { isAppPage, isSafeExternalLink, permissionAllowed, rendererLocation } from '../../src-main/shell/guards'

describe('the desktop window’s guards', () => {
  it('the dev server is used only in an unpackaged build; otherwise the app:// protocol', () => {
    expect(rendererLocation({ packaged: true, devUrl: 'http://localhost:5173' })).toBe('app://satop/index.html')
    expect(rendererLocation({ packaged: false, devUrl: 'http://localhost:5173' })).toBe('http://localhost:5173')
    expect(rendererLocation({ packaged: false, devUrl: undefined })).toBe('app://satop/index.html')
  })

  it('an app page is the app:// host or the dev origin exactly, never a prefix', () => {
    const entry = 'app://satop/index.html'
    expect(isAppPage('app://satop/index.html#/today', entry)).toBe(true)
    expect(isAppPage('app://satop/assets/x.js', entry)).toBe(true)
    expect(isAppPage('app://evil/index.html', entry)).toBe(false) // the origin of app:// URLs is "null" for every host
    expect(isAppPage('app://satop.evil/index.html', entry)).toBe(false)
    expect(isAppPage('file:///opt/satop/out/renderer/index.html', entry)).toBe(false)
    expect(isAppPage('http://localhost:5173/#/x', 'http://localhost:5173')).toBe(true)
    expect(isAppPage('http://localhost:5173.evil.com/', 'http://localhost:5173')).toBe(false)
    expect(isAppPage('not a url', entry)).toBe(false)
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

  it('grants the app’s own pages notifications and the clipboard, and nothing else; another page nothing', () => {
    const entry = 'app://satop/index.html'
    for (const p of ['notifications', 'clipboard-sanitized-write']) {
      expect(permissionAllowed(p, 'app://satop/index.html#/settings', entry), p).toBe(true)
      expect(permissionAllowed(p, 'app://satop', entry), `${p} by origin`).toBe(true)
      expect(permissionAllowed(p, 'https://evil.example/', entry), `${p} elsewhere`).toBe(false)
    }
    for (const p of ['media', 'geolocation', 'clipboard-read', 'fullscreen', 'openExternal', 'hid'])
      expect(permissionAllowed(p, 'app://satop/index.html', entry), p).toBe(false)
  })
})
