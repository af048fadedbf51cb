<?php

declare(strict_types=1);

namespace Monogram\Personalisation\Test\Unit\ViewModel;

use Magento\Catalog\Block\Product\View;
use Magento\Catalog\Model\Product;
use Magento\Framework\DataObject;
use Magento\Framework\Escaper;
use Magento\Framework\Locale\ResolverInterface;
use Magento\Framework\View\Helper\SecureHtmlRenderer;
use Monogram\Personalisation\Model\Config;
use Monogram\Personalisation\Model\DesignOption;
use Monogram\Personalisation\Test\Fake\ArrayScopeConfig;
use Monogram\Personalisation\Test\Fake\ReversibleEncryptor;
use Monogram\Personalisation\ViewModel\Loader;
use Magento\Framework\Serialize\Serializer\Json;
use PHPUnit\Framework\TestCase;

/** The view model, and the template rendered with it as Magento would (same variables in scope). */
class LoaderTest extends TestCase
{
    private ArrayScopeConfig $scopeConfig;

    protected function setUp(): void
    {
        $this->scopeConfig = new ArrayScopeConfig([
            Config::XML_PATH_ENABLED => '1',
            Config::XML_PATH_API_URL => 'https://api.monogram.example/',
            Config::XML_PATH_PUBLISHABLE_KEY => 'pk_test_1',
        ]);
    }

    private function loader(string $locale = 'fr_FR'): Loader
    {
        $resolver = new class ($locale) implements ResolverInterface {
            public function __construct(private string $locale)
            {
            }

            public function getLocale()
            {
                return $this->locale;
            }
        };
        return new Loader(new Config($this->scopeConfig, new ReversibleEncryptor()), new DesignOption(new Json()), $resolver);
    }

    private function render(Product $product, string $locale = 'fr_FR'): string
    {
        $block = new View(['product' => $product, 'view_model' => $this->loader($locale)]);
        $escaper = new Escaper();
        $secureRenderer = new SecureHtmlRenderer();
        ob_start();
        (static function () use ($block, $escaper, $secureRenderer): void {
            include dirname(__DIR__, 3) . '/view/frontend/templates/loader.phtml';
        })();
        return (string) ob_get_clean();
    }

    /** @return array<string, string> the attributes of the loader's script tag */
    private static function scriptAttributes(string $html): array
    {
        $document = new \DOMDocument();
        @$document->loadHTML('<!doctype html><html><body>' . $html . '</body></html>');
        $script = $document->getElementsByTagName('script')->item(0);
        $attributes = [];
        foreach ($script->attributes as $attribute) {
            $attributes[$attribute->name] = $attribute->value;
        }
        return $attributes;
    }

    public function testTheLoaderIsMountedOnTheProductForm(): void
    {
        $html = $this->render(new Product(['entity_id' => 12]));

        $this->assertSame([
            'src' => 'https://api.monogram.example/widget/monogram.js',
            'data-key' => 'pk_test_1',
            'data-product' => '12',
            'data-locale' => 'fr',
            'data-form' => '#product_addtocart_form',
            'data-field-design' => 'monogram_design',
            'data-field-token' => 'monogram_token',
            'data-design' => '',
            'data-token' => '',
            'async' => '',
        ], self::scriptAttributes($html));
        $this->assertStringContainsString('form="product_addtocart_form" name="monogram_design" value=""', preg_replace('/\s+/', ' ', $html));
        $this->assertStringContainsString('<script nonce="test-nonce">document.addEventListener(\'monogram:design-saved\'', $html);
    }

    public function testTheSignedInCustomerReachesTheTagAsPrivateContent(): void
    {
        $html = $this->render(new Product(['entity_id' => 12]));

        // Never in the cached HTML: the tag has no data-customer until the section arrives.
        $this->assertArrayNotHasKey('data-customer', self::scriptAttributes($html));
        $this->assertStringContainsString('<script nonce="test-nonce">(function () {', $html);
        $script = $this->loader()->customerScript();
        $this->assertStringContainsString("document.querySelectorAll('.monogram-personalise script[data-key]')", $script);
        $this->assertStringContainsString("loader.setAttribute('data-customer', reference)", $script);
        $this->assertStringContainsString("customerData.get('monogram')", $script);
        $this->assertStringContainsString("window.addEventListener('private-content-loaded'", $script);
    }

    /** The script run by Node against stand-ins for the page, Luma's customer-data and Hyvä's event. */
    public function testTheCustomerScriptSetsAndClearsDataCustomer(): void
    {
        $node = trim((string) shell_exec('command -v node'));
        if ($node === '') {
            $this->markTestSkipped('node is not installed (Debian: nodejs)');
        }
        $harness = <<<'JS'
const attributes = {};
const loader = {
    setAttribute(name, value) { attributes[name] = value; },
    removeAttribute(name) { delete attributes[name]; },
};
const listeners = {};
const subscribers = [];
globalThis.document = {
    querySelectorAll: (selector) => selector === '.monogram-personalise script[data-key]' ? [loader] : [],
};
globalThis.window = {
    addEventListener: (type, listener) => { listeners[type] = listener; },
    require: (modules, ready) => ready({
        get(name) {
            const section = () => (name === 'monogram' ? { customer: 'mcr1.7.1.luma' } : {});
            section.subscribe = (listener) => subscribers.push(listener);
            return section;
        },
    }),
};
const seen = [];
eval(require('fs').readFileSync(0, 'utf8'));
seen.push(attributes['data-customer']);
listeners['private-content-loaded']({ detail: { data: { monogram: { customer: 'mcr1.7.2.hyva' } } } });
seen.push(attributes['data-customer']);
subscribers[0]({ customer: '' });
seen.push(attributes['data-customer'] ?? null);
console.log(JSON.stringify(seen));
JS;
        $file = (string) tempnam(sys_get_temp_dir(), 'monogram-harness');
        file_put_contents($file, $harness);
        try {
            $process = proc_open([$node, $file], [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
            fwrite($pipes[0], $this->loader()->customerScript());
            fclose($pipes[0]);
            $output = stream_get_contents($pipes[1]);
            $errors = stream_get_contents($pipes[2]);
            proc_close($process);
        } finally {
            unlink($file);
        }

        $this->assertSame('', $errors);
        // Luma's section, then Hyvä's event, then a sign-out clearing it.
        $this->assertSame(['mcr1.7.1.luma', 'mcr1.7.2.hyva', null], json_decode((string) $output, true));
    }

    public function testEnglishStoresGetTheEnglishEditor(): void
    {
        $this->assertSame('en', self::scriptAttributes($this->render(new Product(['entity_id' => 12]), 'en_GB'))['data-locale']);
        $this->assertSame('en', $this->loader('de_DE')->locale());
    }

    public function testEditingACartLineReopensItsDesignAndKeepsItInTheForm(): void
    {
        $product = new Product(['entity_id' => 12, 'preconfigured_values' => new DataObject(['monogram_design' => 'dsn_e', 'monogram_token' => 'dt_e'])]);

        $html = $this->render($product);

        $attributes = self::scriptAttributes($html);
        $this->assertSame(['dsn_e', 'dt_e'], [$attributes['data-design'], $attributes['data-token']]);
        $flat = preg_replace('/\s+/', ' ', $html);
        $this->assertStringContainsString('name="monogram_design" value="dsn_e"', $flat);
        $this->assertStringContainsString('name="monogram_token" value="dt_e"', $flat);
    }

    public function testConfiguredValuesAreEscaped(): void
    {
        $this->scopeConfig->defaults[Config::XML_PATH_PUBLISHABLE_KEY] = 'pk_"><script>alert(1)</script>';
        $this->scopeConfig->defaults[Config::XML_PATH_API_URL] = 'javascript:alert(1)//';

        $html = $this->render(new Product(['entity_id' => 12]));

        $this->assertStringNotContainsString('<script>alert(1)', $html);
        $this->assertSame('pk_"><script>alert(1)</script>', self::scriptAttributes($html)['data-key']);
        $this->assertSame('', self::scriptAttributes($html)['src']);
    }

    public function testNothingIsRenderedUntilTheModuleIsConfigured(): void
    {
        $this->scopeConfig->defaults[Config::XML_PATH_PUBLISHABLE_KEY] = '';

        $this->assertSame('', trim($this->render(new Product(['entity_id' => 12]))));
    }
}
